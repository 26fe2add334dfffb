"""What people hear of the community: an in-app notice (its words written as it is read, in
the reader's language) and an e-mail through the outbox, written in the recipient's own
language as it is queued, in the same transaction as what it tells of."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from accounts.models import User
from outbox.services import queue_email

from .models import Answer, Audience, Follow, Notice, Question, notice_text


def _tell(
    people: Iterable[User],
    *,
    kind: str,
    question: Question,
    answer: Answer | None = None,
    email: bool = True,
) -> int:
    count = 0
    link = f"{settings.SITE_URL}{question.get_absolute_url()}"
    if answer is not None:
        link += f"#answer-{answer.pk}"
    for person in people:
        if not person.is_active:
            continue
        Notice.objects.create(recipient=person, kind=kind, question=question, answer=answer)
        count += 1
        if not (email and person.email):
            continue
        language = person.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "headline": notice_text(kind, question.title),
                "question": question,
                "answer": answer,
                "recipient": person,
                "link": link,
                "kind": kind,
            }
            queue_email(
                to=person.email,
                subject=render_to_string("emails/community_notice_subject.txt", context).strip(),
                body_text=render_to_string("emails/community_notice.txt", context),
                body_html=render_to_string("emails/community_notice.html", context),
                language=language,
                dedupe_key=f"community:{kind}:{question.pk}:{getattr(answer, 'pk', 0)}:{person.pk}",
            )
    return count


def answered(question: Question, answer: Answer) -> None:
    """The asker hears of each answer from someone else."""
    _tell([question.author], kind=Notice.Kind.ANSWERED, question=question, answer=answer)


def verified(question: Question, answer: Answer) -> None:
    """The asker hears that the help center vouched for an answer; its author sees it too."""
    _tell([question.author], kind=Notice.Kind.VERIFIED, question=question, answer=answer)
    if answer.author_id != question.author_id:
        _tell(
            [answer.author],
            kind=Notice.Kind.VERIFIED,
            question=question,
            answer=answer,
            email=False,
        )


def corrected(question: Question, answer: Answer) -> None:
    _tell([question.author], kind=Notice.Kind.CORRECTED, question=question, answer=answer)


def board_question(question: Question) -> None:
    """Sellers who follow the seller board hear of each new question there."""
    followers = (
        User.objects.filter(pk__in=Follow.objects.filter(audience=Audience.SELLER).values("user"))
        .exclude(pk=question.author_id)
        .order_by("pk")
    )
    _tell(followers, kind=Notice.Kind.BOARD_QUESTION, question=question)
