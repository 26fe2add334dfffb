"""Questions buyers and sellers ask each other in public, their answers, and the help
center's word on them (verified, corrected, hidden)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from faq.rendering import excerpt, render_markdown


class Audience(models.TextChoices):
    """Who a question is for; the seller board (``seller``) is read by sellers and staff."""

    BUYER = "buyer", _("Buyers")
    SELLER = "seller", _("Sellers")
    BOTH = "both", _("Buyers and sellers")


class Post(models.Model):
    """What questions and answers share: an author, Markdown text stored already masked,
    and the help center's hiding."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("text (Markdown)"))
    # What was masked before the text was stored, by kind: {"email": 1, "phone": 2}. The
    # author is told; the personal data itself is never stored.
    masked = models.JSONField(_("masked"), default=dict, blank=True, editable=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True, editable=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("hidden by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    # Double submissions (double-click, reload, API retry) carry the same key: one post.
    submission_key = models.CharField(
        max_length=128, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True

    @property
    def body_html(self) -> SafeString:
        return render_markdown(self.body)

    @property
    def summary(self) -> str:
        return excerpt(self.body)


class SearchGramsField(models.TextField):  # type: ignore[type-arg]
    """Search tokens, space separated in Python: on PostgreSQL an array (text[]), which a GIN
    index looks up and a row checks without splitting a string; elsewhere the text."""

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        if connection.vendor == "postgresql":
            return "text[]"
        return super().db_type(connection)

    def get_db_prep_value(
        self, value: Any, connection: BaseDatabaseWrapper, prepared: bool = False
    ) -> Any:
        value = super().get_db_prep_value(value, connection, prepared)
        if connection.vendor == "postgresql" and isinstance(value, str):
            return value.split()
        return value

    def from_db_value(self, value: Any, expression: Any, connection: BaseDatabaseWrapper) -> Any:
        return " ".join(value) if isinstance(value, list) else value


class HasAllGrams(models.Lookup[str]):
    """The tokens hold all of these (PostgreSQL: served by the GIN index)."""

    lookup_name = "has_all"
    operator = "@>"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: BaseDatabaseWrapper) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} {self.operator} %s::text[]", (*lhs_params, list(self.rhs))


class HasAnyGram(HasAllGrams):
    """The tokens hold one of these at least."""

    lookup_name = "has_any"
    operator = "&&"


SearchGramsField.register_lookup(HasAllGrams)
SearchGramsField.register_lookup(HasAnyGram)


class Question(Post):
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience, default=Audience.BUYER
    )
    category = models.ForeignKey(
        "catalog.Category", models.PROTECT, related_name="+", verbose_name=_("category")
    )
    # Set once, by the first answer from someone else: "time to first answer".
    first_answer_at = models.DateTimeField(
        _("first answered at"), null=True, blank=True, editable=False
    )
    last_activity_at = models.DateTimeField(
        _("last activity"), default=timezone.now, editable=False
    )
    # The help center took it further: an FAQ draft written from it, or an inquiry filed.
    faq_article = models.ForeignKey(
        "faq.Article",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_questions",
        editable=False,
        verbose_name=_("FAQ article"),
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("inquiry"),
    )
    # The words search reads: title, question and visible answers, lower case, and once
    # more without spaces (as the FAQ's), rewritten by the services on every change.
    search_text = models.TextField(default="", editable=False)
    search_compact = models.TextField(default="", editable=False)
    # Their tokens (community.search.search_grams), which a GIN index looks up on PostgreSQL
    # (migration 0003): the questions a search can match, at once.
    search_grams = SearchGramsField(default="", editable=False)

    class Meta:
        verbose_name = _("community question")
        verbose_name_plural = _("community questions")
        ordering = ["-last_activity_at", "-pk"]
        indexes = [
            # The board: visible questions of an audience, latest activity first.
            models.Index(
                fields=["is_hidden", "audience", "last_activity_at"], name="community_board"
            ),
            # Search: the newest matches, walked until enough are found (selectors.board).
            models.Index(fields=["last_activity_at", "id"], name="community_activity"),
            # Reports: questions asked in a period.
            models.Index(fields=["created_at"], name="community_question_created"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:question", args=[self.pk])


class Answer(Post):
    question = models.ForeignKey(
        Question, models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    is_accepted = models.BooleanField(_("accepted by the asker"), default=False, editable=False)
    verified_at = models.DateTimeField(
        _("verified by the help center at"), null=True, blank=True, editable=False
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("verified by"),
    )
    correction = models.TextField(_("correction by the help center (Markdown)"), blank=True)
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True, editable=False)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("corrected by"),
    )
    vote_count = models.PositiveIntegerField(_("votes"), default=0, editable=False)

    class Meta:
        verbose_name = _("community answer")
        verbose_name_plural = _("community answers")
        # Verified first, then the asker's choice, then the most voted.
        ordering = [
            models.F("verified_at").desc(nulls_last=True),
            "-is_accepted",
            "-vote_count",
            "created_at",
            "pk",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["question"], condition=Q(is_accepted=True), name="one_accepted_answer"
            ),
            models.CheckConstraint(
                condition=Q(verified_at__isnull=True) | Q(is_hidden=False),
                name="verified_answer_not_hidden",
            ),
        ]
        indexes = [models.Index(fields=["question", "is_hidden"], name="community_answers")]

    def __str__(self) -> str:
        return f"#{self.pk} → {self.question_id}"

    def get_absolute_url(self) -> str:
        return f"{self.question.get_absolute_url()}#answer-{self.pk}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def correction_html(self) -> SafeString:
        return render_markdown(self.correction)


class Vote(models.Model):
    """One person's "this helped" on an answer: once per person and answer."""

    answer = models.ForeignKey(Answer, models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["answer", "voter"], name="one_vote_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} +1 {self.answer_id}"


class Report(models.Model):
    """Someone flagged a question or an answer for the help center to look at."""

    class Reason(models.TextChoices):
        PERSONAL_DATA = "personal_data", _("Shows personal data")
        WRONG = "wrong", _("Wrong or misleading")
        ABUSE = "abuse", _("Abusive or offensive")
        SPAM = "spam", _("Spam or advertising")
        OTHER = "other", _("Something else")

    question = models.ForeignKey(
        Question, models.CASCADE, null=True, blank=True, related_name="reports"
    )
    answer = models.ForeignKey(
        Answer, models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("reported by")
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now, editable=False)
    resolved_at = models.DateTimeField(_("handled at"), null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("handled by"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=True, answer__isnull=False)
                | Q(question__isnull=False, answer__isnull=True),
                name="report_names_one_post",
            ),
            models.UniqueConstraint(
                fields=["reporter", "question"],
                condition=Q(question__isnull=False),
                name="one_report_per_question",
            ),
            models.UniqueConstraint(
                fields=["reporter", "answer"],
                condition=Q(answer__isnull=False),
                name="one_report_per_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · {self.post}"

    @property
    def post(self) -> Question | Answer:
        post = self.question or self.answer
        assert post is not None  # noqa: S101  (the check constraint)
        return post


class Block(models.Model):
    """The help center stopped a person from posting, until it is lifted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("person")
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("blocked by"),
    )
    created_at = models.DateTimeField(_("blocked at"), default=timezone.now, editable=False)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True, editable=False)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("lifted by"),
    )

    class Meta:
        verbose_name = _("posting block")
        verbose_name_plural = _("posting blocks")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(lifted_at__isnull=True), name="one_active_block"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class Follow(models.Model):
    """A seller follows the seller board: new questions there reach them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    audience = models.CharField(
        _("board"), max_length=16, choices=Audience, default=Audience.SELLER
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("board follower")
        verbose_name_plural = _("board followers")
        constraints = [
            models.UniqueConstraint(fields=["user", "audience"], name="follow_board_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.audience}"


class Notice(models.Model):
    """An in-app notice about the community. It stores what happened (kind, question,
    answer), never a sentence: the text is written in the reader's language as it is read."""

    class Kind(models.TextChoices):
        ANSWERED = "answered", _("New answer")
        VERIFIED = "verified", _("Answer verified")
        CORRECTED = "corrected", _("Answer corrected")
        BOARD_QUESTION = "board_question", _("New question on the seller board")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="community_notices"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    question = models.ForeignKey(Question, models.CASCADE, related_name="+")
    answer = models.ForeignKey(Answer, models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("community notice")
        verbose_name_plural = _("community notices")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "created_at"], name="community_inbox")
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    def get_absolute_url(self) -> str:
        if self.answer_id:
            return f"{self.question.get_absolute_url()}#answer-{self.answer_id}"
        return self.question.get_absolute_url()

    @property
    def text(self) -> str:
        return notice_text(self.kind, self.question.title)


class Deflection(models.Model):
    """The self-service funnel for community answers, as the FAQ's: an answer suggested on
    the inquiry form was opened, or it settled the question and no inquiry was filed."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Suggestion opened")
        SOLVED = "solved", _("Inquiry avoided")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    question = models.ForeignKey(
        Question, models.CASCADE, related_name="deflections", verbose_name=_("question")
    )
    category = models.ForeignKey(
        "catalog.Category", models.PROTECT, related_name="+", verbose_name=_("category")
    )
    # A keyed hash of the session, as the FAQ's: one count per person, question and step.
    visitor = models.CharField(_("visitor"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("community deflection")
        verbose_name_plural = _("community deflections")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "question", "visitor"], name="one_community_deflection"
            )
        ]
        indexes = [models.Index(fields=["category", "kind", "created_at"], name="community_funnel")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.question_id}"


def notice_text(kind: str, title: str) -> str:
    """What a notice says, in the language active now (the reader's, as it is read or sent)."""
    from django.utils.translation import gettext

    texts: dict[str, str] = {
        Notice.Kind.ANSWERED: gettext("New answer to your question “%(title)s”"),
        Notice.Kind.VERIFIED: gettext("The help center verified an answer to “%(title)s”"),
        Notice.Kind.CORRECTED: gettext("The help center corrected an answer to “%(title)s”"),
        Notice.Kind.BOARD_QUESTION: gettext("New question on the seller board: “%(title)s”"),
    }
    return texts.get(kind, "%(title)s") % {"title": title}
