"""The requester portal: file an inquiry, follow it, reply, close, reopen and rate.

Signed-in people reach a ticket by reference through ``visible_tickets``; guests only through
their private token. Both kinds of URL lead to the same views.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Store, User
from audit.models import AuditEntry
from audit.services import log as audit_log
from catalog.models import Category
from catalog.selectors import category_choices, category_named
from helpdesk import ratelimit
from helpdesk.errors import DomainError
from helpdesk.http import AuthenticatedHttpRequest, HtmxHttpRequest

from . import history, parts, rows, selectors, services, store_clock, transitions
from .details import (
    DetailsForm,
    category_fields,
    detail_display,
    detail_label,
    mark_required,
    normalise_order_number,
)
from .forms import (
    InquiryForm,
    MyTicketsFilter,
    RatingForm,
    ReplyForm,
    StepInForm,
    StoreReplyForm,
)
from .models import Attachment, Message, SatisfactionRating, Ticket
from .selectors import (
    person_notifications,
    thread_entries,
    ticket_for_guest,
    visible_messages,
    visible_tickets,
    without_joins,
)
from .transitions import Party

INLINE_SAFE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}

# The address after filing: the ticket's page with its confirmation panel.
FILED_PARAM = "filed"
FILED = f"{FILED_PARAM}=1"


def _category_from(request: HttpRequest, data: Any) -> Category | None:
    slug = str(data.get("category", "")).strip()
    if not slug:
        return None
    return category_named(request.user, slug)


@require_http_methods(["GET", "POST"])
def new(request: HtmxHttpRequest) -> HttpResponse:
    """The inquiry form; picking a category swaps in that case's own fields."""
    user = request.user if request.user.is_authenticated else None
    assert user is None or isinstance(user, User)  # noqa: S101  (narrows for mypy)
    guest = user is None
    data = request.POST if request.method == "POST" else request.GET
    category = _category_from(request, data)
    form = InquiryForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        guest=guest,
    )
    details_form = (
        DetailsForm(category, request.POST if request.method == "POST" else None)
        if category
        else None
    )
    if details_form is not None:
        mark_required(details_form)
    category_error = ""
    duplicate: Ticket | None = None
    if request.method == "POST":
        refused = (
            ratelimit.check(request, "inquiry-anonymous", ratelimit.client_address(request))
            if user is None
            else ratelimit.check(request, "inquiry-user", str(user.pk))
        )
        if refused:
            return refused
        if category is None:
            category_error = _("Choose what your inquiry is about.")
        elif form.is_valid() and details_form is not None and details_form.is_valid():
            choice = request.POST.get("duplicate", "")
            # Filing anew was chosen on the earlier inquiry's panel: it is looked up again
            # only if the form comes back, to show that panel again.
            duplicate = None if choice == "new" else _earlier(user, form, details_form)
            if duplicate is not None and choice == "continue":
                return _continue_there(request, user, duplicate, form)
            if duplicate is None or choice == "new":
                result = _file(request, user, category, form, details_form)
                if result is not None:
                    return result
                if choice == "new":
                    duplicate = _earlier(user, form, details_form)
    if request.htmx and request.htmx.target == "case-fields":
        return render(
            request,
            "tickets/new.html#case_fields",
            {"category": category, "details_form": details_form, "is_fragment": True},
        )
    categories = category_choices(request.user)
    return render(
        request,
        "tickets/new.html",
        {
            "form": form,
            "category": category,
            "details_form": details_form,
            "categories": categories,
            "category_error": category_error,
            "category_label": CATEGORY_LABEL,
            "error_summary": _error_summary(
                form,
                details_form,
                category_error,
                first_slug=categories[0].slug if categories else "",
            )
            if request.method == "POST"
            else [],
            # Offered by ID with the name beside it: the ID is what names one store.
            "stores": Store.objects.order_by("name").values_list("seller_id", "name")[:200],
            "is_guest": guest,
            "duplicate": duplicate,
        },
    )


# How the category question is named where its error is listed.
CATEGORY_LABEL = gettext_lazy("What is it about?")


def _error_summary(
    form: InquiryForm, details_form: DetailsForm | None, category_error: str, *, first_slug: str
) -> list[tuple[str, str, str]]:
    """The form's problems in page order, each as (id of the field, its label, the message),
    for the summary above the form that links to each field."""
    found: list[tuple[str, str, str]] = []
    if category_error:
        target = f"category-{first_slug}" if first_slug else "category-error"
        found.append((target, str(CATEGORY_LABEL), category_error))
    for bound_form in (details_form, form):
        if bound_form is None or not bound_form.is_bound:
            continue
        for field in bound_form.visible_fields():
            for error in field.errors:
                found.append((field.id_for_label, str(field.label), str(error)))
    return found


def _earlier(user: User | None, form: InquiryForm, details_form: DetailsForm) -> Ticket | None:
    """The person's inquiry about the same order, still open or resolved lately: offered
    before a second one is filed (a resubmitted form gets its own ticket back instead)."""
    earlier = selectors.earlier_inquiry(
        requester=user,
        requester_email=form.cleaned_data.get("requester_email") or "",
        order_number=str(details_form.cleaned_data.get("order_number") or ""),
    )
    if (
        earlier is not None
        and earlier.submission_key == f"web:{form.cleaned_data['submission_id']}"
    ):
        return None
    return earlier


def _continue_there(
    request: HttpRequest, user: User | None, earlier: Ticket, form: InquiryForm
) -> HttpResponse:
    """Continue in the earlier inquiry instead of filing: a signed-in person's message is added
    there (reopening it, or opening its follow-up, as a reply would); a guest gets its private
    link by e-mail, since whoever typed the address may not be its owner."""
    if user is None:
        # One e-mail per form, however often its button is pressed.
        services.send_earlier_inquiry_link(
            earlier, form_key=str(form.cleaned_data["submission_id"])
        )
        messages.success(
            request,
            _(
                "We e-mailed you the link to your earlier inquiry. Add your message there, "
                "and it reaches the person already working on it."
            ),
        )
        return redirect("home")
    sent = selectors.just_written(user, form.cleaned_data["body"])
    if sent is not None:  # the same button pressed twice: the message is there already
        return redirect(sent.ticket.get_absolute_url())
    try:
        written = services.write_again(
            earlier,
            by=user,
            body=form.cleaned_data["body"],
            attachments=form.cleaned_data.get("attachments") or [],
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(earlier.get_absolute_url())
    messages.success(
        request,
        _("Your message was added to %(reference)s.") % {"reference": written.ticket.reference},
    )
    return redirect(written.ticket.get_absolute_url())


def _file(
    request: HtmxHttpRequest,
    user: User | None,
    category: Category,
    form: InquiryForm,
    details_form: DetailsForm,
) -> HttpResponse | None:
    data = form.cleaned_data
    raw_details = {
        name: value for name, value in details_form.cleaned_data.items() if value not in (None, "")
    }
    try:
        intake = services.open_ticket(
            requester=user,
            category=category,
            subject=data["subject"],
            body=data["body"],
            details=raw_details,
            requester_name=data.get("requester_name", ""),
            requester_email=data.get("requester_email", ""),
            attachments=data.get("attachments") or [],
            submission_key=f"web:{data['submission_id']}",
        )
    except services.InvalidTicket as error:
        for name, problems in error.errors.items():
            for problem in problems:
                if name.startswith("details."):
                    details_form.add_error(name.removeprefix("details."), problem)
                elif name in form.fields:
                    form.add_error(name, problem)
                else:
                    form.add_error(None, problem)
        return None
    except DomainError as error:
        form.add_error(None, str(error))
        return None
    ticket = intake.ticket
    if not intake.created:
        messages.info(request, _("We already have this inquiry; here it is."))
    # The confirmation is asked for in the address, not kept in the session: filing then
    # writes no session row (reloading the page shows the confirmation again, harmlessly).
    if ticket.is_guest and ticket.guest_token:
        target = reverse("tickets:guest", kwargs={"token": ticket.guest_token})
    else:
        target = ticket.get_absolute_url()
    return redirect(f"{target}?{FILED}")


@login_required
@require_GET
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A person's notices outside the workspace: a store's requests and reminders."""
    return render(
        request,
        "tickets/notifications.html",
        {"notifications": person_notifications(request.user)},
    )


@login_required
@require_POST
def notifications_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    ids = [int(pk) for pk in request.POST.getlist("notification") if pk.isdigit()]
    services.mark_notifications_read(request.user, ids=ids if "all" not in request.POST else None)
    return redirect("tickets:notifications")


LIST_ROW_FIELDS = (
    "reference",
    "subject",
    "category",
    "queue",
    "requester",
    "status",
    "updated_at",
)


@login_required
@require_GET
def my_tickets(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    filters = MyTicketsFilter(request.GET or None)
    tickets = (
        without_joins(visible_tickets(user))
        # What a row shows (tickets/_list_row.html), and the queue its category comes with.
        .only(*LIST_ROW_FIELDS)
        .order_by("-updated_at", "-pk")
    )
    if user.is_agent:
        tickets = tickets.filter(requester=user)
    if filters.is_valid():
        state = filters.cleaned_data.get("state")
        if state:
            tickets = tickets.filter(status__in=MyTicketsFilter.STATUS_GROUPS[state])
        query = (filters.cleaned_data.get("q") or "").strip()
        if query:
            digits = normalise_order_number(query)
            tickets = tickets.filter(
                Q(reference__iexact=query) | (Q(order_number=digits) if digits else Q(pk=None))
            )
        scope = filters.cleaned_data.get("scope")
        if scope == "mine":
            tickets = tickets.filter(requester=user)
        elif scope == "store":
            tickets = tickets.exclude(requester=user)
    page = Paginator(tickets, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "tickets/list.html",
        {
            "page": page,
            "rows": rows.requester_rows(list(page), user_pk=user.pk, is_seller=user.is_seller),
            "filters_html": rows.requester_filters(filters, request.GET, is_seller=user.is_seller),
        },
    )


def _resolve(
    request: HttpRequest, reference: str | None, token: str | None, *, page: bool = False
) -> tuple[Ticket, User | None]:
    """The ticket this request may act on, and who acts; anything else is a 404. The page
    (``page``) shows the store's name and the rating, and no person row: it joins those two
    alone."""
    if token is not None:
        ticket = ticket_for_guest(token)
        if ticket is None:
            raise Http404
        return ticket, None
    if not request.user.is_authenticated:
        raise Http404
    assert isinstance(request.user, User)  # noqa: S101  (narrows for mypy)
    tickets = visible_tickets(request.user)
    if page:
        tickets = tickets.select_related(None).select_related("store", "rating")
    return get_object_or_404(tickets, reference=reference), request.user


def _ticket_url(ticket: Ticket, token: str | None) -> str:
    if token is not None:
        return reverse("tickets:guest", args=[token])
    return reverse("tickets:detail", args=[ticket.reference])


def _detail_context(
    request: HttpRequest, ticket: Ticket, actor: User | None, token: str | None
) -> dict[str, Any]:
    party = transitions.party_of(ticket, actor)
    is_requester = party is Party.REQUESTER
    rating = _rating(ticket)
    details = [
        (detail_label(field.name), detail_display(field.name, ticket.details[field.name]))
        for field, _required in category_fields(ticket.category)
        if ticket.details.get(field.name) not in (None, "")
        and not (field.name == "store_id" and ticket.store_id)  # shown by name above
    ]
    # The confirmation names the requester's e-mail: for the requester's eyes only.
    just_filed = is_requester and request.GET.get(FILED_PARAM) == "1"
    answers_as_store = party is Party.STORE
    now = timezone.now()
    return {
        "ticket": ticket,
        "status_label": ticket.status_label_for(party.value),
        "thread": parts.requester_thread(
            thread_entries(ticket, actor),
            ticket,
            token=token,
            answers_as_store=answers_as_store,
            can_mark_no_answer=answers_as_store and ticket.is_open,
            csrf_token=partial(get_token, request),
        ),
        "details": details,
        "token": token,
        "base_url": _ticket_url(ticket, token),
        "is_requester": is_requester,
        "answers_as_store": answers_as_store,
        # The store's deadline, for the store and the buyer; the buyer's way to the platform.
        "store_due": ticket.store_answer_due_at if ticket.is_open else None,
        "store_overdue": bool(
            ticket.is_open and ticket.store_answer_due_at and ticket.store_answer_due_at <= now
        ),
        "can_step_in": is_requester and store_clock.deadline_passed(ticket, now=now),
        "step_in_form": StepInForm(),
        "can_mark_no_answer": answers_as_store and ticket.is_open,
        # The requester may always write: past the reopen window it opens a follow-up.
        "can_reply": (ticket.status != Ticket.Status.CLOSED or is_requester)
        and not ticket.merged_into_id,
        "opens_follow_up": is_requester and services.opens_follow_up(ticket, actor),
        "follows_url": _follows_url(ticket, token) if is_requester else "",
        # The requester's own buttons (agents change the case in the workspace).
        "can_close": is_requester and transitions.can_move(ticket, Ticket.Status.CLOSED, party),
        "can_reopen": is_requester and transitions.can_move(ticket, Ticket.Status.OPEN, party),
        "can_rate": transitions.can_rate(ticket, party, has_rating=rating is not None),
        "rating": rating,
        "reply_form": StoreReplyForm() if answers_as_store else ReplyForm(),
        "rating_form": RatingForm(),
        "just_filed": just_filed,
    }


def _rating(ticket: Ticket) -> SatisfactionRating | None:
    """The requester's rating, read with the ticket on its page (one query otherwise)."""
    try:
        return ticket.rating
    except SatisfactionRating.DoesNotExist:
        return None


def _follows_url(ticket: Ticket, token: str | None) -> str:
    """The earlier inquiry a follow-up continues, as its requester opens it."""
    if not ticket.follows_id:
        return ""
    if token is None:
        return reverse("tickets:detail", args=[ticket.follows_reference])
    earlier = (
        Ticket.objects.filter(pk=ticket.follows_id, requester__isnull=True)
        .values_list("guest_token", "requester_email")
        .first()
    )
    if (
        earlier is None
        or not earlier[0]
        or earlier[1].casefold() != ticket.requester_email.casefold()
    ):
        return ""
    return reverse("tickets:guest", args=[earlier[0]])


def _continued_in(ticket: Ticket, actor: User | None, token: str | None) -> str:
    """Where the requester of a merged inquiry follows it now: the inquiry it went into, when
    that one is theirs too (anyone else's stays out of reach)."""
    if ticket.merged_into_id is None:
        return ""
    if transitions.party_of(ticket, actor) is not Party.REQUESTER:
        return ""
    live = services.live_ticket(ticket)
    if live.pk == ticket.pk or not services.same_requester(ticket, live):
        return ""
    if token is not None:
        return reverse("tickets:guest", args=[live.guest_token]) if live.guest_token else ""
    return live.get_absolute_url()


@require_GET
def detail(
    request: HttpRequest, reference: str | None = None, token: str | None = None
) -> HttpResponse:
    if token is None and not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    ticket, actor = _resolve(request, reference, token, page=True)
    continued = _continued_in(ticket, actor, token)
    if continued:
        messages.info(
            request,
            _("Your inquiry %(old)s continues here.") % {"old": ticket.reference},
        )
        return redirect(continued)
    return render(request, "tickets/detail.html", _detail_context(request, ticket, actor, token))


@require_POST
def reply(
    request: HttpRequest, reference: str | None = None, token: str | None = None
) -> HttpResponse:
    ticket, actor = _resolve(request, reference, token)
    as_store = transitions.party_of(ticket, actor) is Party.STORE
    form = (StoreReplyForm if as_store else ReplyForm)(request.POST, request.FILES)
    if form.is_valid():
        try:
            if transitions.party_of(ticket, actor) is Party.REQUESTER:
                written = services.write_again(
                    ticket,
                    by=actor,
                    body=form.cleaned_data["body"],
                    attachments=form.cleaned_data.get("attachments") or [],
                )
                if written.ticket.pk != ticket.pk:
                    return _written_elsewhere(request, ticket, written, token)
            else:
                services.add_message(
                    ticket,
                    by=actor,
                    body=form.cleaned_data["body"],
                    visibility=form.cleaned_data.get("visibility") or Message.Visibility.PUBLIC,
                    attachments=form.cleaned_data.get("attachments") or [],
                )
        except services.InvalidTicket as error:
            for problems in error.errors.values():
                for problem in problems:
                    form.add_error("body" if "body" in error.errors else None, problem)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your message was sent."))
            return redirect(_ticket_url(ticket, token))
    context = _detail_context(request, ticket, actor, token)
    context["reply_form"] = form
    return render(request, "tickets/detail.html", context, status=400)


def _written_elsewhere(
    request: HttpRequest, ticket: Ticket, written: services.Written, token: str | None
) -> HttpResponse:
    """The requester's message went to a follow-up, or to the inquiry a merged one went into."""
    new = written.ticket
    if written.follow_up:
        messages.success(
            request,
            _("Your message opened %(new)s, a follow-up of %(old)s.")
            % {"new": new.reference, "old": ticket.reference},
        )
    else:
        messages.success(request, _("Your message was added to %(new)s.") % {"new": new.reference})
    if token is not None:
        new_token = written.guest_token or new.guest_token
        return redirect(reverse("tickets:guest", args=[new_token]) if new_token else "/")
    return redirect(new.get_absolute_url())


@require_POST
def close(
    request: HttpRequest, reference: str | None = None, token: str | None = None
) -> HttpResponse:
    ticket, actor = _resolve(request, reference, token)
    try:
        services.close_ticket(
            ticket, by=actor, reason=history.text(gettext_noop("Closed by the requester"))
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your inquiry is closed. Thank you!"))
    return redirect(_ticket_url(ticket, token))


@require_POST
def reopen(
    request: HttpRequest, reference: str | None = None, token: str | None = None
) -> HttpResponse:
    ticket, actor = _resolve(request, reference, token)
    try:
        services.reopen_ticket(ticket, by=actor)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Your inquiry is open again. Tell us what is still wrong below.")
        )
    return redirect(_ticket_url(ticket, token))


@require_POST
def step_in(
    request: HttpRequest, reference: str | None = None, token: str | None = None
) -> HttpResponse:
    """The buyer asks the help center to take the inquiry over from a late store."""
    ticket, actor = _resolve(request, reference, token)
    form = StepInForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.ask_help_center(ticket, by=actor, reason=reason)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The help center is on it: an agent will answer here and by e-mail.")
        )
    return redirect(_ticket_url(ticket, token))


@require_POST
def no_answer_needed(request: HttpRequest, reference: str, message_id: int) -> HttpResponse:
    """The store marks a buyer's message as needing no answer."""
    ticket, actor = _resolve(request, reference, None)
    message = get_object_or_404(visible_messages(ticket, actor), pk=message_id)
    assert actor is not None  # noqa: S101  (signed in: _resolve without a token)
    try:
        services.mark_no_answer_needed(message, by=actor)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Marked as needing no answer."))
    return redirect(_ticket_url(ticket, None))


@require_POST
def rate(
    request: HttpRequest, reference: str | None = None, token: str | None = None
) -> HttpResponse:
    ticket, actor = _resolve(request, reference, token)
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a score from 1 to 5."))
        return redirect(_ticket_url(ticket, token))
    try:
        services.rate_ticket(
            ticket, by=actor, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"]
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you for rating the answer."))
    return redirect(_ticket_url(ticket, token))


@require_GET
def attachment(
    request: HttpRequest, attachment_id: int, reference: str | None = None, token: str | None = None
) -> HttpResponseBase:
    """Files only through here: the ticket must be visible, and the message too."""
    ticket, actor = _resolve(request, reference, token)
    item = get_object_or_404(
        Attachment.objects.filter(message__in=visible_messages(ticket, actor)), pk=attachment_id
    )
    if actor is not None and actor.is_agent:
        # Staff reading a customer's file is on the record.
        audit_log(
            AuditEntry.Action.FILE_DOWNLOAD,
            actor=actor,
            obj=item,
            summary=f"{ticket.reference}: {item.original_name}",
            request=request,
        )
    inline = item.content_type in INLINE_SAFE_TYPES
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=not inline,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
