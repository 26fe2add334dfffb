"""The Django admin is for supervisors: it shows every queue, every person and their e-mail.

Agents work their own queues in the workspace (/agent/), which reads through
tickets.selectors.visible_tickets; the admin has no such scoping, so it refuses them, as it
refuses buyers and sellers (Django sends them to its login page)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class HelpdeskAdminSite(AdminSite):
    site_header = _("Marketplace Help Center")
    site_title = _("Help Center admin")
    index_title = _("Settings and records")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and getattr(user, "is_supervisor", False))


class HelpdeskAdminConfig(AdminConfig):
    default_site = "helpdesk.admin.HelpdeskAdminSite"


# Many-to-many choices as labelled checkboxes: the admin's two-box selector builds controls
# with ARIA attributes their elements may not carry (an axe finding), and our lists are short.
CHECKBOXES: Mapping[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}
}
