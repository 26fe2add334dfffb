"""What the reports change: nothing but the record that someone exported figures."""

from __future__ import annotations

import logging
from importlib import import_module
from typing import Any

from django.apps import apps

from accounts.models import User

logger = logging.getLogger(__name__)


def record_export(user: User, *, table: str, filters: dict[str, Any], rows: int) -> None:
    """Record that ``user`` downloaded a report table: in the audit trail when the audit app
    is installed, and always in the log."""
    summary = f"reports:{table} {rows} rows " + " ".join(
        f"{key}={value}" for key, value in sorted(filters.items()) if value not in ("", None)
    )
    logger.info("Report export by %s: %s", user.get_username(), summary)
    if apps.is_installed("audit"):
        audit = import_module("audit.services")
        audit.log(
            "export", actor=user, object_type="reports.table", object_id=table, summary=summary
        )
