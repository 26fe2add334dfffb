"""The community's pages: the board with search, asking, a question with its answers, and
what the asker, voters, reporters and the help center's staff do there."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.models import User
from catalog.selectors import category_named
from helpdesk import particles
from helpdesk.errors import DomainError
from helpdesk.http import AuthenticatedHttpRequest, HtmxHttpRequest
from helpdesk.ratelimit import too_many_requests

from . import services
from .forms import AnswerForm, AskForm, BoardFilter, CorrectionForm, ModerationForm, ReportForm
from .models import Answer, Deflection, Question, Report, Vote
from .selectors import (
    board,
    board_page,
    follows_seller_board,
    is_blocked,
    is_staff,
    person_notices,
    sees_seller_board,
    unread_notice_count,
    visible_answers,
    visible_questions,
)
from .templatetags.community import masked_message

PAGE_SIZE = 20
SOLVED_KEY = "community_solved"


def _visitor(request: HttpRequest) -> str:
    if request.session.session_key is None:
        request.session.save()
    return salted_hmac(
        "faq.visitor", request.session.session_key or "", algorithm="sha256"
    ).hexdigest()


@require_GET
@vary_on_headers("HX-Request")
def index(request: HtmxHttpRequest) -> HttpResponse:
    form = BoardFilter(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    query = (data.get("q") or "").strip()
    category = form.categories.get(data.get("category") or "")
    audience = data.get("audience") or ""
    questions = board(
        request.user,
        audience=audience,
        category=category,
        query=query,
        reported=bool(data.get("reported")),
    )
    page = board_page(questions, request.GET.get("page"), PAGE_SIZE)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query,
        "params": params.urlencode(),
        "sees_seller_board": sees_seller_board(request.user),
        "follows_board": follows_seller_board(request.user),
        "unread": unread_notice_count(request.user),
        "ranked": settings.COMMUNITY_SEARCH_RANKED,  # counted no further: "1000+"
    }
    if request.htmx and request.htmx.target == "community-results":
        return render(request, "community/index.html#results", context)
    return render(request, "community/index.html", context)


def _posting_refused(request: HttpRequest, error: DomainError) -> HttpResponse | None:
    if isinstance(error, services.PostingTooFast):
        return too_many_requests(request, error.retry_after)
    return None


def _form_errors(form: AskForm | AnswerForm | CorrectionForm, error: DomainError) -> None:
    errors = getattr(error, "errors", None) or {getattr(error, "field", None): [str(error)]}
    for field, texts in errors.items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)


@login_required
def ask(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    may_post = user.role in (User.Role.BUYER, User.Role.SELLER) and not is_blocked(user)
    form = AskForm(request.POST or None, user=user)
    if request.method == "POST" and may_post and form.is_valid():
        try:
            data = {k: v for k, v in form.cleaned_data.items() if k != "submission_id"}
            posted = services.ask_question(
                author=user, submission_key=form.submission_key(user), **data
            )
        except DomainError as error:
            if (refused := _posting_refused(request, error)) is not None:
                return refused
            _form_errors(form, error)
        else:
            messages.success(request, _("Your question is posted. We will tell you of answers."))
            if posted.masked:
                messages.warning(request, masked_message(posted.masked))
            return redirect(posted.post)
    return render(request, "community/ask.html", {"form": form, "may_post": may_post})


def _question(request: HttpRequest, pk: int) -> Question:
    return get_object_or_404(visible_questions(request.user), pk=pk)


def _answer(request: HttpRequest, pk: int) -> Answer:
    answer = get_object_or_404(visible_answers(request.user).select_related("question"), pk=pk)
    if not visible_questions(request.user).filter(pk=answer.question_id).exists():
        raise Http404
    return answer


@require_GET
def question(request: HttpRequest, pk: int) -> HttpResponse:
    item = _question(request, pk)
    answers = list(visible_answers(request.user).filter(question=item))
    user = request.user
    from_inquiry = request.GET.get("from") == "inquiry"
    inquiry_category = category_named(user, request.GET.get("category", "")) or item.category
    if from_inquiry and not item.is_hidden:
        services.record_deflection(
            Deflection.Kind.OPENED,
            question=item,
            visitor=_visitor(request),
            category=inquiry_category,
        )
    voted: set[int] = set()
    reported: set[int] = set()
    if user.is_authenticated:
        # Opening the question reads its notices: the answer they told of is on the page.
        services.mark_notices_read(user, question=item)  # type: ignore[arg-type]
        voted = set(
            Vote.objects.filter(voter=user, answer__question=item).values_list(
                "answer_id", flat=True
            )
        )
        reported = set(
            Report.objects.filter(reporter=user, answer__question=item).values_list(
                "answer_id", flat=True
            )
        )
    staff = is_staff(user)
    return render(
        request,
        "community/question.html",
        {
            "question": item,
            "answers": answers,
            "form": AnswerForm(),
            "correction_form": CorrectionForm(),
            "report_form": ReportForm(),
            "voted": voted,
            "reported": reported,
            "is_asker": user.is_authenticated and user.pk == item.author_id,
            "is_staff": staff,
            "may_answer": bool(
                user.is_authenticated
                and getattr(user, "role", "") in (User.Role.BUYER, User.Role.SELLER)
                and not item.is_hidden
            ),
            "open_reports": list(
                Report.objects.filter(resolved_at__isnull=True, question=item)
                | Report.objects.filter(resolved_at__isnull=True, answer__question=item)
            )
            if staff
            else [],
            "from_inquiry": from_inquiry,
            "inquiry_category": inquiry_category,
            "is_solved": item.pk in request.session.get(SOLVED_KEY, []),
        },
    )


@login_required
@require_POST
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _question(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            posted = services.answer_question(
                item,
                author=request.user,
                body=form.cleaned_data["body"],
                submission_key=form.submission_key(request.user),
            )
        except DomainError as error:
            if (refused := _posting_refused(request, error)) is not None:
                return refused
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you for your answer."))
            if posted.masked:
                messages.warning(request, masked_message(posted.masked))
            return redirect(posted.post.get_absolute_url())
    else:
        messages.error(request, _("Write your answer (10 to 5,000 characters)."))
    return redirect(item)


def _act(request: AuthenticatedHttpRequest, done: str, action: object) -> None:
    try:
        action()  # type: ignore[operator]
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)


@login_required
@require_POST
def vote(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _answer(request, pk)
    _act(
        request,
        _("Thank you: your vote counts."),
        lambda: services.vote_for_answer(item, by=request.user),
    )
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _answer(request, pk)
    _act(
        request,
        _("You accepted this answer."),
        lambda: services.accept_answer(item, by=request.user),
    )
    return redirect(item.get_absolute_url())


def _staff_answer(request: AuthenticatedHttpRequest, pk: int) -> Answer:
    if not is_staff(request.user):
        raise Http404
    return _answer(request, pk)


@login_required
@require_POST
def verify(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _staff_answer(request, pk)
    if request.POST.get("withdraw"):
        _act(
            request,
            _("The verification is withdrawn."),
            lambda: services.withdraw_verification(item, by=request.user),
        )
    else:
        _act(
            request,
            _("Verified: the answer is marked and shown first; the asker is told."),
            lambda: services.verify_answer(item, by=request.user),
        )
    return redirect(item.get_absolute_url())


@login_required
@require_POST
def correct(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = _staff_answer(request, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the correction."))
    else:
        _act(
            request,
            _("Your correction is shown below the answer."),
            lambda: services.correct_answer(
                item, by=request.user, text=form.cleaned_data["correction"]
            ),
        )
    return redirect(item.get_absolute_url())


def _post(request: AuthenticatedHttpRequest, kind: str, pk: int) -> Question | Answer:
    if kind == "answer":
        return _answer(request, pk)
    if kind == "question":
        return _question(request, pk)
    raise Http404


@login_required
@require_POST
def report(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    post = _post(request, kind, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reason."))
    else:
        _act(
            request,
            _("Thank you. The help center will look at it."),
            lambda: services.report_post(post, by=request.user, **form.cleaned_data),
        )
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def moderate(request: AuthenticatedHttpRequest, kind: str, pk: int, action: str) -> HttpResponse:
    """Staff hide or show a post, dismiss its reports, or block its author."""
    if not is_staff(request.user):
        raise Http404
    post = _post(request, kind, pk)
    reason = ModerationForm(request.POST).data.get("reason", "")
    by = request.user
    actions = {
        "hide": (_("The post is hidden."), lambda: services.hide_post(post, by=by, reason=reason)),
        "show": (_("The post is shown again."), lambda: services.show_post(post, by=by)),
        "dismiss": (_("The reports are dismissed."), lambda: services.dismiss_reports(post, by=by)),
        "block": (
            _("The author can no longer post."),
            lambda: services.block_person(post.author, by=by, reason=reason),
        ),
        "unblock": (
            _("The author can post again."),
            lambda: services.lift_block(post.author, by=by),
        ),
    }
    if action not in actions:
        raise Http404
    done, call = actions[action]
    _act(request, done, call)
    question_url = post.get_absolute_url()
    return redirect(question_url)


@login_required
@require_POST
def escalate(request: AuthenticatedHttpRequest, pk: int, to: str) -> HttpResponse:
    """Staff make an FAQ draft of the question, or an inquiry of its asker, in one step."""
    if not is_staff(request.user):
        raise Http404
    item = _question(request, pk)
    try:
        if to == "faq":
            article = services.make_faq_draft(item, by=request.user)
            messages.success(
                request, _("An unpublished FAQ article is written from this question.")
            )
            if request.user.is_supervisor:
                return redirect(reverse("admin:faq_article_change", args=[article.pk]))
        elif to == "inquiry":
            ticket = services.file_inquiry(item, by=request.user)
            messages.success(
                request,
                particles.resolve(
                    _("The inquiry %(reference)s is filed for the asker.")
                    % {"reference": ticket.reference}
                ),
            )
            return redirect(reverse("agent:ticket", args=[ticket.reference]))
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, str(error))
    return redirect(item)


@require_POST
def solved(request: HttpRequest, pk: int) -> HttpResponse:
    """The person read a suggested community answer and needs no inquiry any more."""
    item = _question(request, pk)
    category = category_named(request.user, request.POST.get("category", "")) or item.category
    services.record_deflection(
        Deflection.Kind.SOLVED, question=item, visitor=_visitor(request), category=category
    )
    seen = [int(x) for x in request.session.get(SOLVED_KEY, [])][-200:]
    if item.pk not in seen:
        request.session[SOLVED_KEY] = [*seen, item.pk]
    messages.success(
        request,
        _("Glad it is solved! You do not need to send your inquiry; you can close its form."),
    )
    query = urlencode({"from": "inquiry", "category": category.slug})
    return redirect(f"{item.get_absolute_url()}?{query}#solved")


@login_required
@require_POST
def follow(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.POST.get("stop"):
        services.unfollow_board(request.user)
        messages.success(request, _("You no longer follow the seller board."))
    else:
        _act(
            request,
            _("You follow the seller board: we tell you of each new question."),
            lambda: services.follow_board(request.user),
        )
    return redirect(f"{reverse('community:index')}?audience=seller")


@login_required
@require_GET
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request, "community/notifications.html", {"notices": person_notices(request.user)}
    )


@login_required
@require_POST
def notifications_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    ids = [int(x) for x in request.POST.getlist("notice") if x.isdigit()]
    services.mark_notices_read(request.user, ids=None if "all" in request.POST else ids)
    return redirect("community:notifications")
