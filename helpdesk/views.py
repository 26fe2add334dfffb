"""The help-centre home page and the health check."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from catalog.selectors import category_choices
from contacts.selectors import contact_teaser
from faq.selectors import popular_articles

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {
            "categories": category_choices(request.user),
            "articles": popular_articles(request.user, limit=6),
            "channels": contact_teaser(),
        },
    )


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        logger.warning("Health check: database unreachable: %s", error)
        return "error"
    return "ok"


def _check_broker() -> str:
    from helpdesk.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:
        logger.warning("Health check: broker unreachable: %s", error)
        return "error"
    return "ok"


def _pipeline() -> dict[str, object] | None:
    from health.selectors import pipeline_status

    try:
        return pipeline_status()
    except Exception as error:
        logger.warning("Health check: pipeline status unavailable: %s", error)
        return None


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker answer; 503 names the part that does not.

    ``pipeline`` shows whether the background work moves, for an operator to read (it does
    not change the status): when beat last sent its heartbeat and a worker last consumed it,
    when each sweep last ran, and how many seconds the oldest due reminder and the oldest
    due queued e-mail are behind."""
    checks = {"database": _check_database(), "broker": _check_broker()}
    healthy = all(value == "ok" for value in checks.values())
    broker = settings.CELERY_BROKER_URL.split("://", 1)[0]
    pipeline = _pipeline() if checks["database"] == "ok" else None
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "checks": checks,
            "broker": broker,
            "pipeline": pipeline,
        },
        status=200 if healthy else 503,
    )
