"""Where a new ticket goes: classification of unsorted text, routing rules, auto-assignment.

Pure decisions over the database's configuration; the service applies and records them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.utils.translation import gettext_noop

from accounts.models import Store, User
from catalog import reference
from catalog.models import Category, Queue

from . import history
from .models import RoutingRule, Tag, Ticket

OTHER = "other"


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def classify(text: str, categories: Iterable[Category]) -> tuple[Category, str] | None:
    """The category whose keywords the text mentions most, with the words that decided it.

    Spacing is ignored on both sides, so "배송 지연" matches the keyword "배송지연".
    """
    haystack = _normalise(text)
    best: tuple[int, Category, list[str]] | None = None
    for category in categories:
        if category.slug == OTHER:
            continue
        hits = [word for word in category.keyword_list if _normalise(word) in haystack]
        if hits and (best is None or len(hits) > best[0]):
            best = (len(hits), category, hits)
    if best is None:
        return None
    return best[1], ", ".join(best[2][:5])


@dataclass
class Routing:
    category: Category
    queue: Queue
    priority: str
    assignee: User | None = None
    tags: list[Tag] = field(default_factory=list)
    reasons: list[history.Term] = field(default_factory=list)


def rule_matches(
    rule: RoutingRule,
    *,
    category: Category,
    requester_kind: str,
    store: Store | None,
    text: str,
    details: dict[str, Any],
) -> bool:
    if rule.category_id and rule.category_id != category.pk:
        return False
    if rule.requester_kind and rule.requester_kind != requester_kind:
        return False
    if rule.store_id and (store is None or rule.store_id != store.pk):
        return False
    if rule.text_contains.strip():
        haystack = _normalise(text)
        words = [w for w in rule.text_contains.splitlines() if w.strip()]
        if not any(_normalise(w) in haystack for w in words):
            return False
    if rule.detail_name:
        return str(details.get(rule.detail_name, "")).strip() == rule.detail_value.strip()
    return True


def active_routing_rules() -> list[RoutingRule]:
    """The active rules in their order, with what they set (cached reference data)."""
    return reference.cached_list(
        "routing-rules",
        lambda: list(
            RoutingRule.objects.filter(is_active=True)
            .select_related("set_queue", "set_assignee")
            .prefetch_related("add_tags")
        ),
    )


def route(
    *,
    category: Category,
    requester_kind: str,
    store: Store | None,
    subject: str,
    body: str,
    details: dict[str, Any],
) -> Routing:
    """Decide category, queue, priority, tags and assignee, with a reason for each step."""
    text = f"{subject}\n{body}"
    reasons: list[history.Term] = []
    if category.slug == OTHER:
        found = classify(text, Category.objects.filter(is_active=True))
        if found is not None:
            reasons.append(
                history.text(
                    gettext_noop("Classified as %(category)s from the words: %(words)s"),
                    category=history.named(found[0]),
                    words=found[1],
                )
            )
            category = found[0]
    routing = Routing(
        category=category, queue=category.queue, priority=category.default_priority, reasons=reasons
    )
    reasons.append(
        history.text(
            gettext_noop(
                "Category %(category)s routes to queue %(queue)s with priority %(priority)s"
            ),
            category=history.named(category),
            queue=history.named(category.queue),
            priority=history.priority(category.default_priority),
        )
    )
    for rule in active_routing_rules():
        if not rule_matches(
            rule,
            category=category,
            requester_kind=requester_kind,
            store=store,
            text=text,
            details=details,
        ):
            continue
        changes: list[history.Term] = []
        if rule.set_queue:
            routing.queue = rule.set_queue
            changes.append(
                history.text(gettext_noop("queue %(queue)s"), queue=history.named(rule.set_queue))
            )
        if rule.set_priority:
            routing.priority = rule.set_priority
            changes.append(
                history.text(
                    gettext_noop("priority %(priority)s"),
                    priority=history.priority(rule.set_priority),
                )
            )
        tags = list(rule.add_tags.all())
        if tags:
            routing.tags.extend(t for t in tags if t not in routing.tags)
            changes.append(
                history.text(gettext_noop("tags %(tags)s"), tags=", ".join(t.name for t in tags))
            )
        if rule.set_assignee and rule.set_assignee.is_agent:
            routing.assignee = rule.set_assignee
            changes.append(
                history.text(gettext_noop("assignee %(name)s"), name=str(rule.set_assignee))
            )
        reasons.append(
            history.text(
                gettext_noop("Rule “%(rule)s” matched: %(changes)s"),
                rule=rule.name,
                changes=history.join(changes)
                if changes
                else history.text(gettext_noop("no change")),
            )
        )
        if rule.stop_processing:
            break
    return routing


def _available_agents(queue: Queue) -> list[User]:
    """The queue's members who take tickets now, by id: from the cached memberships, which
    any change to a membership or a person's role or state renews at once (catalog.reference).
    """
    agents = {
        membership.user.pk: membership.user
        for membership in reference.memberships()
        if membership.queue_id == queue.pk
        and membership.is_available
        and membership.user.is_active
        and membership.user.role in (User.Role.AGENT, User.Role.SUPERVISOR)
    }
    return [agents[pk] for pk in sorted(agents)]


def _next_in_turn(queue: Queue, agent_ids: list[int]) -> int:
    """Hand the queue's turn to the first of these agents after the one given the last ticket
    (after the last of them, to the first), in one statement that locks the queue's row: two
    tickets filed at once go to two agents in turn."""
    table = connection.ops.quote_name(Queue._meta.db_table)
    column = connection.ops.quote_name(Queue._meta.get_field("last_assigned_to").column)
    ids = ", ".join(["(%s)"] * len(agent_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = COALESCE("  # noqa: S608  (names and %s only)
            f"(SELECT MIN(column1) FROM (VALUES {ids}) AS agents "
            f"WHERE column1 > COALESCE({table}.{column}, 0)), %s) "
            f"WHERE id = %s RETURNING {column}",
            [*agent_ids, agent_ids[0], queue.pk],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else agent_ids[0]


def pick_assignee(queue: Queue) -> tuple[User, history.Term] | None:
    """The queue's next agent by its assignment mode. Round-robin takes the turn in one
    statement, which needs no transaction around it; the fewest-open mode must be called
    inside the filing's transaction: it locks the queue row until the ticket is saved, so
    two tickets filed at once do not both go to the same agent."""
    if queue.auto_assign == Queue.AutoAssign.OFF:
        return None
    if queue.auto_assign == Queue.AutoAssign.ROUND_ROBIN:
        candidates = _available_agents(queue)
        if not candidates:
            return None
        chosen_id = _next_in_turn(queue, [agent.pk for agent in candidates])
        chosen = next((agent for agent in candidates if agent.pk == chosen_id), candidates[0])
        return chosen, history.text(
            gettext_noop("Assigned in turn (round-robin) in queue %(queue)s"),
            queue=history.named(queue),
        )
    queue = Queue.objects.select_for_update().get(pk=queue.pk)
    agents = User.objects.filter(
        memberships__queue=queue,
        memberships__is_available=True,
        is_active=True,
        role__in=[User.Role.AGENT, User.Role.SUPERVISOR],
    ).order_by("pk")
    least = (
        agents.annotate(
            open_count=Count(
                "assigned_tickets", filter=Q(assigned_tickets__status__in=Ticket.OPEN_STATUSES)
            )
        )
        .order_by("open_count", "pk")
        .first()
    )
    if least is None:
        return None
    return least, history.text(
        gettext_noop("Assigned to the agent with the fewest open tickets in queue %(queue)s"),
        queue=history.named(queue),
    )
