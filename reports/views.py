"""Reports for the agent workspace and statistics in the seller's portal.

Supervisors see every queue, agents the queues they work in; anyone else is refused like the
rest of /agent/. A seller sees only their own stores' figures; anyone else gets a 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from catalog.calendar import add_business_minutes, default_calendar
from catalog.models import Category, Queue
from helpdesk.http import AuthenticatedHttpRequest
from tickets.agent_views import workspace_page
from tickets.models import Ticket
from tickets.selectors import unread_notification_count

from . import services
from .charts import time_chart
from .forms import ReportFilterForm, SellerPeriodForm
from .selectors import MAX_DAYS, Period, Report, Scope, business_zone, seller_stores, store_stats
from .tables import TABLES, write_csv

QUICK_RANGES = (7, 30, 90)


@workspace_page
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Volume, backlog, response times, target compliance, satisfaction, workload and
    self-service for a period; ``?format=csv&table=<name>`` downloads one table."""
    user = request.user
    all_queues = list(Queue.objects.order_by("slug"))
    all_categories = list(Category.objects.order_by("sort_order", "slug"))
    if user.is_supervisor:
        queues, categories = all_queues, all_categories
    else:
        own = set(user.memberships.values_list("queue_id", flat=True))
        queues = [q for q in all_queues if q.pk in own]
        categories = [c for c in all_categories if c.queue_id in own]
    today = timezone.localdate(timezone.now(), business_zone())
    params = request.GET.copy()
    # The period shows in the date fields even when the address names none: the last 7 days.
    default = Period.last_days(today=today)
    if not params.get("start") and not params.get("end"):
        params["start"] = default.first_day.isoformat()
        params["end"] = default.last_day.isoformat()
    form = ReportFilterForm(params, queues=queues, categories=categories, today=today)
    context: dict[str, Any] = {
        "form": form,
        "workspace_section": "reports",
        "unread_count": unread_notification_count(user),
        "max_days": MAX_DAYS,
    }
    if not form.is_valid():
        return render(request, "reports/index.html", context, status=400)
    data = form.cleaned_data
    period: Period = data["period"]
    scope = Scope(
        user, queue=form.chosen_queue, category=form.chosen_category, priority=data["priority"]
    )
    report = Report(scope, period, categories=all_categories, queues=all_queues)
    if request.GET.get("format") == "csv":
        return _csv(request, report, data)
    query = params.copy()
    for name in ("format", "table"):
        query.pop(name, None)
    filters = query.copy()
    for name in ("start", "end"):
        filters.pop(name, None)
    context.update(
        {
            "report": report,
            "period": period,
            "query": query.urlencode(),
            "filter_query": filters.urlencode(),
            "quick_ranges": [(days, Period.last_days(days, today=today)) for days in QUICK_RANGES],
            "days_chart": time_chart(report.per_day),
            "backlog_chart": time_chart(report.backlog),
            "days_rows": list(zip(report.per_day, report.backlog, strict=True)),
            "is_supervisor": user.is_supervisor,
            "tables": TABLES,
        }
    )
    return render(request, "reports/index.html", context)


def _csv(request: AuthenticatedHttpRequest, report: Report, data: dict[str, Any]) -> HttpResponse:
    name = request.GET.get("table", "")
    spec = TABLES.get(name)
    if spec is None:
        return HttpResponse("Unknown table.", status=400, content_type="text/plain; charset=utf-8")
    headers, rows = spec.build(report)
    period: Period = data["period"]
    services.record_export(
        request.user,
        table=name,
        filters={
            "start": period.first_day.isoformat(),
            "end": period.last_day.isoformat(),
            "queue": data.get("queue"),
            "category": data.get("category"),
            "priority": data.get("priority"),
        },
        rows=len(rows),
    )
    response = HttpResponse(write_csv(headers, rows), content_type="text/csv; charset=utf-8")
    filename = f"report-{slugify(name)}-{period.first_day:%Y%m%d}-{period.last_day:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def seller(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A seller's own stores: inquiries about their orders, answer times, ratings."""
    stores = list(seller_stores(request.user))
    if not stores:
        raise Http404
    form = SellerPeriodForm(request.GET)
    status = 200
    days, store = 30, stores[0]
    if form.is_valid():
        days = form.cleaned_data["days"] or 30
        wanted = form.cleaned_data["store"]
        if wanted:
            found = next((s for s in stores if s.seller_id == wanted), None)
            if found is None:
                raise Http404
            store = found
    else:
        status = 400
    stats = store_stats(store, Period.last_days(days))
    return render(
        request,
        "reports/seller.html",
        {
            "form": form,
            "stats": stats,
            "stores": stores,
            "store": store,
            "days": days,
            "day_choices": SellerPeriodForm.DAYS,
            "deadlines": _answer_deadlines(stats.waiting_tickets, store.answer_target_minutes),
            "now_at": timezone.now(),
        },
        status=status,
    )


def _answer_deadlines(tickets: list[Ticket], target_minutes: int) -> list[tuple[Ticket, datetime]]:
    """When the store should answer each waiting inquiry (a handful of rows at most)."""
    fallback = default_calendar() if any(t.queue.calendar_id is None for t in tickets) else None
    return [
        (
            ticket,
            add_business_minutes(
                ticket.queue.calendar if ticket.queue.calendar_id else fallback,
                ticket.created_at,
                target_minutes,
            ),
        )
        for ticket in tickets
    ]
