"""Sign-ins, failed sign-ins and changes to what a person may do, as audit entries."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from . import services
from .models import AuditEntry

User = get_user_model()
# Fields that change what a person may do, and the action each is recorded as.
WATCHED = {
    "role": AuditEntry.Action.ROLE,
    "is_staff": AuditEntry.Action.PERMISSIONS,
    "is_superuser": AuditEntry.Action.PERMISSIONS,
    "is_active": AuditEntry.Action.PERMISSIONS,
}


@receiver(user_logged_in)
def signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    services.log(AuditEntry.Action.SIGN_IN, actor=user, obj=user, request=request)


@receiver(user_login_failed)
def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The password never reaches the trail: Django masks it, and only the username is kept.
    username = str(credentials.get("username", ""))[:150]
    services.log(
        AuditEntry.Action.SIGN_IN_FAILED,
        summary=username,
        object_type="accounts.user",
        request=request,
    )


@receiver(pre_save, sender=User)
def remember_rights(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.pk is None:
        instance._audit_before = {}
        return
    before = sender.objects.filter(pk=instance.pk).values(*WATCHED).first()
    instance._audit_before = before or {}


@receiver(post_save, sender=User)
def record_rights(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    before: dict[str, Any] = getattr(instance, "_audit_before", {})
    for field, action in WATCHED.items():
        new = getattr(instance, field)
        if created:
            # A new person with more than a buyer's rights is a permission change too.
            if field == "is_active" or new in (False, "buyer", "seller"):
                continue
            old: Any = "-"
        else:
            old = before.get(field, new)
            if old == new:
                continue
        services.log(
            action, obj=instance, summary=f"{instance.get_username()}: {field} {old} → {new}"
        )


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
@receiver(m2m_changed, sender=Group.permissions.through)
def record_membership(
    sender: Any, instance: Any, action: str, reverse: bool, model: Any, pk_set: Any, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    names = sorted(str(item) for item in model.objects.filter(pk__in=pk_set or ()))
    verb = {"post_add": "+", "post_remove": "-", "post_clear": "clear"}[action]
    relation = sender._meta.model_name
    label = instance.get_username() if hasattr(instance, "get_username") else str(instance)
    services.log(
        AuditEntry.Action.PERMISSIONS,
        obj=instance,
        summary=f"{label}: {relation} {verb} {', '.join(names)}",
    )
