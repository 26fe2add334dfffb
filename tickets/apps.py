from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("Tickets")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .models import Macro, Tag
        from .selectors import forget_macros

        # The cached canned responses (selectors.active_macros) follow every change.
        for model in (Macro, Tag):
            uid = f"macros-{model.__name__}"
            post_save.connect(forget_macros, sender=model, dispatch_uid=uid)
            post_delete.connect(forget_macros, sender=model, dispatch_uid=uid)
        m2m_changed.connect(forget_macros, sender=Macro.add_tags.through, dispatch_uid="macro-tags")

        from catalog import reference
        from catalog.models import Queue, QueueMembership

        from .models import RoutingRule, SLAPolicy
        from .selectors import forget_queue_ids

        # An agent's queues are read once per person object (selectors.agent_queue_ids).
        post_save.connect(forget_queue_ids, sender=QueueMembership, dispatch_uid="queue-ids")
        post_delete.connect(forget_queue_ids, sender=QueueMembership, dispatch_uid="queue-ids")
        m2m_changed.connect(
            forget_queue_ids, sender=Queue.members.through, dispatch_uid="queue-ids"
        )

        # Targets and routing rules are cached reference data too (sla.policy_for,
        # routing.active_routing_rules).
        def forget_rules(**kwargs: object) -> None:
            reference.forget("sla-policies", "routing-rules")

        for rule_model in (SLAPolicy, RoutingRule):
            uid = f"rules-{rule_model.__name__}"
            post_save.connect(forget_rules, sender=rule_model, dispatch_uid=uid)
            post_delete.connect(forget_rules, sender=rule_model, dispatch_uid=uid)
        m2m_changed.connect(
            forget_rules, sender=RoutingRule.add_tags.through, dispatch_uid="rule-tags"
        )
