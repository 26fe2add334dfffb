"""Reports for the agent workspace, and the store's scorecard in the seller's portal.

Supervisors see every queue, agents the queues they work in; anyone else is refused like the
rest of /agent/. The stores' ranking and each store's page are for agents and supervisors
alike. A seller sees only their own stores' figures; anyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from catalog.models import Category, Queue
from claims.reports import claim_report
from helpdesk.http import AuthenticatedHttpRequest
from tickets.agent_views import workspace_page
from tickets.selectors import unread_notification_count

from . import services
from .charts import time_chart
from .forms import RankingForm, ReportFilterForm, SellerPeriodForm
from .ranking import COLUMNS, DEFAULT_SORT, SORTS, ranking_table, store_ranking
from .scorecard import (
    BUCKETS,
    LATER,
    OVERDUE,
    SOON,
    TODAY,
    WaitingInquiry,
    scorecard_stores,
    store_scorecard,
    waiting_inquiries,
)
from .selectors import (
    MAX_DAYS,
    Period,
    Report,
    Scope,
    business_zone,
    seller_stores,
    store_breakdown,
)
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
            "claims": claim_report(
                period.start,
                period.end,
                queue_ids=None if user.is_supervisor else [queue.pk for queue in queues],
            ),
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
    """A seller's own store: its scorecard, the inquiries waiting for its answer by time
    left, and its inquiries of a period by category and status."""
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
    scorecard = store_scorecard(store)
    waiting = waiting_inquiries(store, request.user, now=scorecard.now)
    return render(
        request,
        "reports/seller.html",
        {
            "form": form,
            "scorecard": scorecard,
            **_waiting_context(waiting, scorecard.open.total),
            "breakdown": store_breakdown(store, Period.last_days(days)),
            "stores": stores,
            "store": store,
            "days": days,
            "day_choices": SellerPeriodForm.DAYS,
        },
        status=status,
    )


def _waiting_context(rows: list[WaitingInquiry], total: int) -> dict[str, Any]:
    """The listed inquiries under their time-left heading, most urgent first, and how many
    of the ``total`` the list leaves out."""
    return {
        "waiting_groups": [
            (bucket, BUCKET_LABELS[bucket], [row for row in rows if row.bucket == bucket])
            for bucket in BUCKETS
        ],
        "any_waiting": bool(rows),
        "more_waiting": max(0, total - len(rows)),
    }


BUCKET_LABELS = {
    OVERDUE: gettext_lazy("Overdue"),
    SOON: gettext_lazy("Due within 2 business hours"),
    TODAY: gettext_lazy("Due later today"),
    LATER: gettext_lazy("Due later"),
}


# --- Stores, for the help center ------------------------------------------------------------
# Agents open these like the rest of the reports (workspace_page): a store's figures describe
# the store, not a queue, so every agent sees them as supervisors do (the API serves them to
# all staff too); the inquiries listed are only those the agent may open (visible_tickets).

RANKING_PAGE_SIZE = 50


@workspace_page
@require_GET
def stores(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every store ranked by its share of inquiries answered on time in 30 days (or the
    column chosen), a page at a time; ``?format=csv`` downloads every store's row."""
    form = RankingForm(request.GET, sorts=SORTS)
    context: dict[str, Any] = {
        "form": form,
        "workspace_section": "reports",
        "unread_count": unread_notification_count(request.user),
    }
    if not form.is_valid():
        return render(request, "reports/stores.html", context, status=400)
    sort = form.cleaned_data["sort"] or DEFAULT_SORT
    all_stores = list(scorecard_stores(request.user).order_by("name", "pk"))
    rows = store_ranking(all_stores, sort)
    if request.GET.get("format") == "csv":
        headers, body = ranking_table(rows)
        services.record_export(request.user, table="stores", filters={"sort": sort}, rows=len(body))
        response = HttpResponse(write_csv(headers, body), content_type="text/csv; charset=utf-8")
        today = timezone.localdate(timezone.now(), business_zone())
        response["Content-Disposition"] = f'attachment; filename="stores-{today:%Y%m%d}.csv"'
        response["Cache-Control"] = "private, no-store"
        return response
    page = Paginator(rows, RANKING_PAGE_SIZE).get_page(form.cleaned_data["page"] or 1)
    context.update(
        {
            "page": page,
            "columns": [(column, _sort_link(column.key, sort)) for column in COLUMNS],
            "sort": sort,
            "sort_key": sort.lstrip("-"),
            "descending": sort.startswith("-"),
            "now_at": rows[0].scorecard.now if rows else timezone.now(),
            "is_supervisor": request.user.is_supervisor,
        }
    )
    return render(request, "reports/stores.html", context)


def _sort_link(key: str, current: str) -> str:
    """The order a column's heading switches to: its natural one first (numbers from the
    highest, names from A), the other way when it is already sorted so."""
    first = key if key in ("store", "seller_id") else f"-{key}"
    other = first[1:] if first.startswith("-") else f"-{first}"
    return other if current == first else first


@workspace_page
@require_GET
def store(request: AuthenticatedHttpRequest, seller_id: str) -> HttpResponse:
    """One store's scorecard as its seller sees it, with its overdue inquiries."""
    found = get_object_or_404(scorecard_stores(request.user), seller_id=seller_id)
    scorecard = store_scorecard(found)
    overdue = waiting_inquiries(found, request.user, now=scorecard.now, overdue_only=True)
    return render(
        request,
        "reports/store.html",
        {
            "store": found,
            "scorecard": scorecard,
            **_waiting_context(overdue, scorecard.open.overdue),
            "workspace_section": "reports",
            "unread_count": unread_notification_count(request.user),
            "is_supervisor": request.user.is_supervisor,
        },
    )
