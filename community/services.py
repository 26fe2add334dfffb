"""Every change the community makes: posting, answering, votes, the asker's choice, the help
center's verification, corrections and moderation. Web pages, the API and the admin call
these, so every path checks, masks and records the same way."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AuditEntry
from audit.services import log as audit_log
from catalog.models import Audience as CategoryAudience
from catalog.models import Category
from faq.models import SQUEEZED_CHARACTERS, Article
from helpdesk.errors import DomainError
from helpdesk.text import as_written, one_line
from tickets import services as ticket_services
from tickets.models import Ticket

from . import notifications
from .masking import mask_personal_data
from .models import Answer, Audience, Block, Deflection, Follow, Notice, Question, Report, Vote
from .search import search_grams
from .selectors import audiences_for, audiences_to_ask, forget_searches, is_blocked, is_staff

TITLE_MIN, TITLE_MAX = 5, 200
BODY_MIN, BODY_MAX = 10, 5000
CORRECTION_MAX = 3000


class CommunityError(DomainError):
    pass


class InvalidPost(CommunityError):
    """What a person wrote is not acceptable; ``errors`` by field, translated."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        first = next(iter(errors.values()))[0]
        super().__init__(first, field=next(iter(errors)))
        self.errors = errors


class NotAllowed(CommunityError):
    pass


class PostingTooFast(CommunityError):
    """A new account posted its hour's share; ``retry_after`` seconds until the next post."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Posted[P: (Question, Answer)]:
    """A new post and what was masked in it (by kind), for telling its author."""

    post: P
    masked: dict[str, int]
    is_new: bool = True  # False: a repeated submission got the first post back


def _moderation(obj: object, *, by: User, what: str, detail: str = "") -> None:
    """Every moderation act goes to the audit trail, with who did it."""
    audit_log(
        AuditEntry.Action.MODERATION,
        actor=by,
        obj=obj,
        summary=f"{what}{f': {detail}' if detail else ''}",
    )


def _require_staff(by: User) -> None:
    if not is_staff(by):
        raise NotAllowed(_("Only the help center can do this."))


def _check_author(user: User, *, now: datetime | None = None) -> None:
    """Signed-in buyers and sellers post, unless blocked; young accounts only so often."""
    if not user.is_active or user.role not in (User.Role.BUYER, User.Role.SELLER):
        raise NotAllowed(_("Buyers and sellers post in the community."))
    if is_blocked(user):
        raise NotAllowed(_("The help center has stopped you from posting in the community."))
    now = now or timezone.now()
    if now - user.date_joined >= timedelta(days=settings.COMMUNITY_NEW_ACCOUNT_DAYS):
        return
    # One young account's posts are counted one at a time: two at once cannot both slip in.
    User.objects.select_for_update().filter(pk=user.pk).exists()
    since = now - timedelta(hours=1)
    times = sorted(
        [
            *Question.objects.filter(author=user, created_at__gte=since).values_list(
                "created_at", flat=True
            ),
            *Answer.objects.filter(author=user, created_at__gte=since).values_list(
                "created_at", flat=True
            ),
        ]
    )
    allowed = max(1, settings.COMMUNITY_NEW_ACCOUNT_POSTS_PER_HOUR)
    if len(times) >= allowed:
        retry_after = max(1, int((times[-allowed] + timedelta(hours=1) - now).total_seconds()))
        raise PostingTooFast(
            _(
                "New accounts may post %(count)d times an hour. Please try again in "
                "%(minutes)d minutes."
            )
            % {"count": allowed, "minutes": max(1, retry_after // 60)},
            retry_after=retry_after,
        )


def _clean_body(body: str, *, field: str = "body") -> str:
    body = as_written(body or "").strip()
    if len(body) < BODY_MIN:
        raise InvalidPost({field: [_("Write at least %(n)d characters.") % {"n": BODY_MIN}]})
    if len(body) > BODY_MAX:
        raise InvalidPost({field: [_("Keep it under %(n)d characters.") % {"n": BODY_MAX}]})
    return body


def _searchable(question: Question) -> None:
    """Rewrite the words search reads: title, question and the visible answers."""
    parts = [question.title, question.body]
    parts += list(
        Answer.objects.filter(question=question, is_hidden=False).values_list("body", flat=True)
    )
    # NFKC and lower case, as faq.search.normalize treats the query (full-width letters).
    text = unicodedata.normalize("NFKC", " ".join(parts)).lower()
    compact = text
    for character in SQUEEZED_CHARACTERS:
        compact = compact.replace(character, "")
    grams = search_grams(text, compact)
    Question.objects.filter(pk=question.pk).update(
        search_text=text, search_compact=compact, search_grams=grams
    )
    question.search_text, question.search_compact, question.search_grams = text, compact, grams


def _changed(question: Question) -> None:
    """Search reads the question again, after commit: the cache starts a new generation."""
    _searchable(question)
    transaction.on_commit(forget_searches)


def _replayed[P: (Question, Answer)](model: type[P], key: str | None) -> Posted[P] | None:
    """The post a repeated submission already made, if any."""
    if not key:
        return None
    existing = model.objects.filter(submission_key=key).first()
    return Posted(existing, existing.masked, is_new=False) if existing is not None else None


def _create[P: (Question, Answer)](model: type[P], **values: object) -> P:
    """Insert the post; a concurrent twin (same submission key) returns the first one."""
    key = values.get("submission_key")
    try:
        with transaction.atomic():
            return model.objects.create(**values)
    except IntegrityError:
        existing = model.objects.filter(submission_key=key).first() if key else None
        if existing is None:
            raise
        return existing


@transaction.atomic
def ask_question(
    *,
    author: User,
    title: str,
    body: str,
    audience: str,
    category: Category,
    submission_key: str | None = None,
) -> Posted[Question]:
    """A buyer or seller asks in public; personal data is masked before it is stored. A
    repeated submission key returns the first question instead of a second one."""
    if (replay := _replayed(Question, submission_key)) is not None:
        return replay
    _check_author(author)
    title = one_line(title or "")
    errors: dict[str, list[str]] = {}
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        errors["title"] = [
            _("Write a title of %(min)d to %(max)d characters.")
            % {"min": TITLE_MIN, "max": TITLE_MAX}
        ]
    try:
        body = _clean_body(body)
    except InvalidPost as error:
        errors.update(error.errors)
    if audience not in audiences_to_ask(author):
        errors["audience"] = [_("Only sellers can ask on the seller board.")]
    if not category.is_active or (
        category.audience == CategoryAudience.SELLER and not author.is_seller
    ):
        errors["category"] = [_("Choose one of the categories offered.")]
    if errors:
        raise InvalidPost(errors)
    masked_title, masked_body = mask_personal_data(title), mask_personal_data(body)
    counts = dict(masked_title.counts)
    for kind, n in masked_body.counts.items():
        counts[kind] = counts.get(kind, 0) + n
    question = _create(
        Question,
        author=author,
        title=masked_title.text,
        body=masked_body.text,
        masked=counts,
        audience=audience,
        category=category,
        submission_key=submission_key or None,
    )
    _changed(question)
    if audience == Audience.SELLER:
        notifications.board_question(question)
    return Posted(question, counts)


@transaction.atomic
def answer_question(
    question: Question, *, author: User, body: str, submission_key: str | None = None
) -> Posted[Answer]:
    """Someone answers; the asker hears of it; the first answer from someone else is the
    question's first-answer time. A repeated submission key returns the first answer."""
    if (replay := _replayed(Answer, submission_key)) is not None:
        return replay
    _check_author(author)
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.is_hidden or question.audience not in audiences_for(author):
        raise NotAllowed(_("This question takes no answers."))
    masked = mask_personal_data(_clean_body(body))
    now = timezone.now()
    answer = _create(
        Answer,
        question=question,
        author=author,
        body=masked.text,
        masked=masked.counts,
        created_at=now,
        submission_key=submission_key or None,
    )
    updates: dict[str, object] = {"last_activity_at": now}
    if question.first_answer_at is None and author.pk != question.author_id:
        updates["first_answer_at"] = now
    Question.objects.filter(pk=question.pk).update(**updates)
    _changed(question)
    if author.pk != question.author_id:
        notifications.answered(question, answer)
    return Posted(answer, masked.counts)


def vote_for_answer(answer: Answer, *, by: User) -> Answer:
    """One "this helped" per person and answer (a unique constraint stops the second)."""
    if not by.is_active or by.pk == answer.author_id:
        raise NotAllowed(_("You cannot vote for your own answer."))
    if answer.is_hidden:
        raise NotAllowed(_("This answer is hidden."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                Vote.objects.create(answer=answer, voter=by)
        except IntegrityError:
            raise CommunityError(_("You already voted for this answer.")) from None
        Answer.objects.filter(pk=answer.pk).update(vote_count=F("vote_count") + 1)
    answer.refresh_from_db(fields=["vote_count"])
    return answer


@transaction.atomic
def accept_answer(answer: Answer, *, by: User) -> Answer:
    """The asker picks the answer that solved it; another pick replaces the first."""
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    if by.pk != question.author_id:
        raise NotAllowed(_("Only the person who asked can accept an answer."))
    if answer.is_hidden:
        raise NotAllowed(_("This answer is hidden."))
    if answer.is_accepted:
        raise CommunityError(_("You already accepted this answer."))
    Answer.objects.filter(question=question, is_accepted=True).update(is_accepted=False)
    Answer.objects.filter(pk=answer.pk).update(is_accepted=True)
    answer.is_accepted = True
    Question.objects.filter(pk=question.pk).update(last_activity_at=timezone.now())
    transaction.on_commit(forget_searches)
    return answer


@transaction.atomic
def verify_answer(answer: Answer, *, by: User) -> Answer:
    """The help center vouches for an answer: the badge, first place, the asker is told."""
    _require_staff(by)
    answer = Answer.objects.select_for_update().select_related("question").get(pk=answer.pk)
    if answer.is_hidden:
        raise CommunityError(_("Show the answer again before verifying it."))
    if answer.verified_at is not None:
        raise CommunityError(_("This answer is already verified."))
    answer.verified_at, answer.verified_by = timezone.now(), by
    answer.save(update_fields=["verified_at", "verified_by"])
    Question.objects.filter(pk=answer.question_id).update(last_activity_at=answer.verified_at)
    _moderation(answer, by=by, what="verified")
    transaction.on_commit(forget_searches)
    notifications.verified(answer.question, answer)
    return answer


@transaction.atomic
def withdraw_verification(answer: Answer, *, by: User) -> Answer:
    _require_staff(by)
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    if answer.verified_at is None:
        raise CommunityError(_("This answer is not verified."))
    answer.verified_at, answer.verified_by = None, None
    answer.save(update_fields=["verified_at", "verified_by"])
    _moderation(answer, by=by, what="verification withdrawn")
    transaction.on_commit(forget_searches)
    return answer


@transaction.atomic
def correct_answer(answer: Answer, *, by: User, text: str) -> Answer:
    """The help center adds its correction below an answer (Markdown, sanitised on display)."""
    _require_staff(by)
    text = as_written(text or "").strip()
    if not text:
        raise InvalidPost({"correction": [_("Write the correction.")]})
    if len(text) > CORRECTION_MAX:
        raise InvalidPost(
            {"correction": [_("Keep it under %(n)d characters.") % {"n": CORRECTION_MAX}]}
        )
    answer = Answer.objects.select_for_update().select_related("question").get(pk=answer.pk)
    answer.correction = mask_personal_data(text).text
    answer.corrected_at, answer.corrected_by = timezone.now(), by
    answer.save(update_fields=["correction", "corrected_at", "corrected_by"])
    _moderation(answer, by=by, what="corrected")
    notifications.corrected(answer.question, answer)
    return answer


def report_post(post: Question | Answer, *, by: User, reason: str, note: str = "") -> Report:
    """Anyone signed in flags a post for the help center, once per post."""
    if not by.is_active:
        raise NotAllowed(_("Sign in to report a post."))
    if reason not in Report.Reason.values:
        raise InvalidPost({"reason": [_("Choose a reason.")]})
    target = {"question": post} if isinstance(post, Question) else {"answer": post}
    try:
        with transaction.atomic():
            return Report.objects.create(
                reporter=by, reason=reason, note=one_line(note)[:500], **target
            )
    except IntegrityError:
        raise CommunityError(
            _("You already reported this. The help center will look at it.")
        ) from None


@transaction.atomic
def hide_post(post: Question | Answer, *, by: User, reason: str = "") -> Question | Answer:
    """Staff take a post off the board (and out of search); its open reports are handled."""
    _require_staff(by)
    model = type(post)
    post = model.objects.select_for_update().get(pk=post.pk)
    if post.is_hidden:
        raise CommunityError(_("This post is already hidden."))
    now = timezone.now()
    post.is_hidden, post.hidden_at, post.hidden_by = True, now, by
    fields = ["is_hidden", "hidden_at", "hidden_by"]
    if isinstance(post, Answer) and post.verified_at is not None:
        post.verified_at, post.verified_by = None, None
        fields += ["verified_at", "verified_by"]
    post.save(update_fields=fields)
    target = {"question": post} if isinstance(post, Question) else {"answer": post}
    Report.objects.filter(resolved_at__isnull=True, **target).update(
        resolved_at=now, resolved_by=by
    )
    _moderation(post, by=by, what="hidden", detail=one_line(reason)[:200])
    _changed(post if isinstance(post, Question) else post.question)
    return post


@transaction.atomic
def show_post(post: Question | Answer, *, by: User) -> Question | Answer:
    _require_staff(by)
    model = type(post)
    post = model.objects.select_for_update().get(pk=post.pk)
    if not post.is_hidden:
        raise CommunityError(_("This post is not hidden."))
    post.is_hidden, post.hidden_at, post.hidden_by = False, None, None
    post.save(update_fields=["is_hidden", "hidden_at", "hidden_by"])
    _moderation(post, by=by, what="shown again")
    _changed(post if isinstance(post, Question) else post.question)
    return post


@transaction.atomic
def dismiss_reports(post: Question | Answer, *, by: User) -> int:
    """Staff looked and leave the post as it is."""
    _require_staff(by)
    target = {"question": post} if isinstance(post, Question) else {"answer": post}
    count = Report.objects.filter(resolved_at__isnull=True, **target).update(
        resolved_at=timezone.now(), resolved_by=by
    )
    _moderation(post, by=by, what="reports dismissed", detail=str(count))
    return count


@transaction.atomic
def block_person(person: User, *, by: User, reason: str = "") -> Block:
    """Staff stop a person from posting (they still read)."""
    _require_staff(by)
    if is_staff(person):
        raise CommunityError(_("Help center staff cannot be blocked here."))
    try:
        with transaction.atomic():
            block = Block.objects.create(user=person, blocked_by=by, reason=one_line(reason)[:300])
    except IntegrityError:
        raise CommunityError(_("This person is already blocked.")) from None
    _moderation(person, by=by, what="blocked from posting", detail=block.reason or "")
    return block


@transaction.atomic
def lift_block(person: User, *, by: User) -> int:
    _require_staff(by)
    count = Block.objects.filter(user=person, lifted_at__isnull=True).update(
        lifted_at=timezone.now(), lifted_by=by
    )
    if not count:
        raise CommunityError(_("This person is not blocked."))
    _moderation(person, by=by, what="block lifted")
    return count


def _best_answer(question: Question) -> Answer | None:
    return Answer.objects.filter(question=question, is_hidden=False).first()


def _source_line(question: Question) -> str:
    return f"{settings.SITE_URL}{question.get_absolute_url()}"


@transaction.atomic
def make_faq_draft(question: Question, *, by: User) -> Article:
    """Staff turn a question and its best answer into an unpublished FAQ article to edit;
    each links to the other (the question holds the article, the draft names its source)."""
    _require_staff(by)
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.faq_article_id is not None:
        raise CommunityError(_("This question already has an FAQ article."))
    best = _best_answer(question)
    answer = best.body if best is not None else question.body
    texts = {}
    for language in ("ko", "en"):
        with translation.override(language):
            texts[language] = f"{answer}\n\n" + _("From the community: [%(title)s](%(link)s)") % {
                "title": question.title.replace("]", ""),
                "link": _source_line(question),
            }
    audience = {
        Audience.BUYER: CategoryAudience.BUYER,
        Audience.SELLER: CategoryAudience.SELLER,
    }.get(Audience(question.audience), CategoryAudience.EVERYONE)
    article = Article.objects.create(
        slug=f"community-{question.pk}",
        category=question.category,
        question_ko=question.title,
        question_en=question.title,
        answer_ko=texts["ko"],
        answer_en=texts["en"],
        audience=audience,
        is_published=False,
    )
    Question.objects.filter(pk=question.pk).update(faq_article=article)
    question.faq_article = article
    _moderation(question, by=by, what="FAQ draft", detail=article.slug)
    return article


def _inquiry_category(question: Question) -> Category:
    """The question's category, or "other" when that one asks for details (an order number)
    the public post cannot hold: the agent moves it once the asker has sent them."""
    if not any(field.get("required") for field in question.category.fields or []):
        return question.category
    return Category.objects.filter(slug="other", is_active=True).first() or question.category


@transaction.atomic
def file_inquiry(question: Question, *, by: User) -> Ticket:
    """Staff move a question that needs a private answer into an inquiry of its asker; the
    inquiry names the question and the question holds the inquiry."""
    _require_staff(by)
    question = (
        Question.objects.select_for_update()
        .select_related("author", "category")
        .get(pk=question.pk)
    )
    if question.ticket_id is not None:
        raise CommunityError(_("This question is already an inquiry."))
    category = _inquiry_category(question)
    body = f"{question.body}\n\n— {_source_line(question)}"
    intake = ticket_services.open_ticket(
        requester=question.author, category=category, subject=question.title, body=body
    )
    Question.objects.filter(pk=question.pk).update(ticket=intake.ticket)
    question.ticket = intake.ticket
    _moderation(question, by=by, what="inquiry filed", detail=intake.ticket.reference or "")
    return intake.ticket


def follow_board(user: User) -> Follow:
    """A seller follows the seller board: its new questions reach them."""
    if not user.is_seller:
        raise NotAllowed(_("The seller board is for sellers."))
    follow, _created = Follow.objects.get_or_create(user=user, audience=Audience.SELLER)
    return follow


def unfollow_board(user: User) -> int:
    deleted, _kinds = Follow.objects.filter(user=user, audience=Audience.SELLER).delete()
    return deleted


def mark_notices_read(
    user: User, *, ids: list[int] | None = None, question: Question | None = None
) -> int:
    """The person's unread notices (those named, or those about a question) are read now."""
    notices = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        notices = notices.filter(pk__in=ids)
    if question is not None:
        notices = notices.filter(question=question)
    return notices.update(read_at=timezone.now())


def record_deflection(kind: str, *, question: Question, visitor: str, category: Category) -> bool:
    """Count a step of the funnel once per visitor and question; True if it was new."""
    _event, created = Deflection.objects.get_or_create(
        kind=kind, question=question, visitor=visitor, defaults={"category": category}
    )
    return created
