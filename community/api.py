"""The community in the REST API: read questions and answers (public, scoped: the seller
board only for sellers and staff, hidden posts never), ask and answer when signed in."""

from __future__ import annotations

from typing import Any, NoReturn

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from api.schema import errors
from api.views.base import PreferredLanguageMixin
from catalog.selectors import category_named
from helpdesk.errors import DomainError

from . import services
from .models import Answer, Audience, Question
from .selectors import board, public_questions, shown_author

SEARCH = OpenApiParameter("search", str, description="Words to find, in Korean or English.")
AUDIENCE = OpenApiParameter(
    "audience", str, enum=["buyer", "seller"], description="Only this board (and 'both')."
)
IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Any unique string up to 80 characters: sending it again returns the first "
    "post, with 200, instead of posting twice.",
)
CATEGORY = OpenApiParameter("category", str, description="Only this category's questions.")


class MaskedSerializer(serializers.Serializer[Any]):
    order_number = serializers.IntegerField(required=False)
    phone = serializers.IntegerField(required=False)
    email = serializers.IntegerField(required=False)


class AnswerSerializer(serializers.ModelSerializer[Answer]):
    author = serializers.SerializerMethodField()
    is_verified = serializers.BooleanField(read_only=True)
    correction = serializers.CharField(read_only=True)

    class Meta:
        model = Answer
        fields = [
            "id",
            "body",
            "author",
            "is_accepted",
            "is_verified",
            "verified_at",
            "correction",
            "vote_count",
            "created_at",
        ]

    def get_author(self, answer: Answer) -> str:
        return shown_author(answer, to=self.context["request"].user)


class QuestionSerializer(serializers.ModelSerializer[Question]):
    category: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    author = serializers.SerializerMethodField()
    answer_count = serializers.SerializerMethodField()
    has_verified_answer = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "id",
            "title",
            "body",
            "audience",
            "category",
            "author",
            "answer_count",
            "has_verified_answer",
            "created_at",
            "first_answer_at",
            "last_activity_at",
        ]

    def get_author(self, question: Question) -> str:
        return shown_author(question, to=self.context["request"].user)

    def get_answer_count(self, question: Question) -> int:
        return int(getattr(question, "answer_count", 0))

    def get_has_verified_answer(self, question: Question) -> bool:
        return bool(getattr(question, "has_verified", False))


class QuestionDetailSerializer(QuestionSerializer):
    answers = serializers.SerializerMethodField()

    class Meta(QuestionSerializer.Meta):
        fields = [*QuestionSerializer.Meta.fields, "answers"]

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, question: Question) -> list[dict[str, Any]]:
        return AnswerSerializer(
            getattr(question, "shown_answers", []), many=True, context=self.context
        ).data  # type: ignore[return-value]


class AskSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=services.TITLE_MAX)
    body = serializers.CharField(max_length=services.BODY_MAX)
    audience = serializers.ChoiceField(choices=Audience.choices, default=Audience.BUYER)
    category = serializers.SlugField(max_length=40)


class AnswerInSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=services.BODY_MAX)


class PostedQuestionSerializer(QuestionDetailSerializer):
    masked = MaskedSerializer(help_text="What was masked in the post before it was stored.")

    class Meta(QuestionDetailSerializer.Meta):
        fields = [*QuestionDetailSerializer.Meta.fields, "masked"]


class PostedAnswerSerializer(AnswerSerializer):
    masked = MaskedSerializer(help_text="What was masked in the post before it was stored.")

    class Meta(AnswerSerializer.Meta):
        fields = [*AnswerSerializer.Meta.fields, "masked"]


def _person(request: Request) -> User:
    """The signed-in caller (IsAuthenticatedOrReadOnly let only them post)."""
    if not isinstance(request.user, User):
        raise exceptions.NotAuthenticated()
    return request.user


def _submission_key(request: Request) -> str | None:
    key = str(request.headers.get("Idempotency-Key", "")).strip()[:80]
    return f"api:{request.user.pk}:{key}" if key else None


def _raise(error: DomainError) -> NoReturn:
    """A refused post in the API's terms: 400 by field, 403, or 429 with Retry-After."""
    if isinstance(error, services.InvalidPost):
        raise exceptions.ValidationError(error.errors)
    if isinstance(error, services.PostingTooFast):
        raise exceptions.Throttled(wait=error.retry_after, detail=str(error))
    if isinstance(error, services.NotAllowed):
        raise exceptions.PermissionDenied(str(error))
    raise error


@extend_schema_view(
    list=extend_schema(
        summary="Community questions",
        description="Questions buyers and sellers asked each other, latest activity first, or "
        "best match first with `search`. The seller board (audience `seller`) is listed for "
        "sellers and staff only; hidden posts never.",
        parameters=[SEARCH, AUDIENCE, CATEGORY],
        responses={200: QuestionSerializer(many=True), **errors(404)},
    ),
    retrieve=extend_schema(
        summary="Read a community question with its answers",
        description="Answers come verified first, then the one the asker accepted, then by votes.",
        responses={200: QuestionDetailSerializer, **errors(404)},
    ),
    create=extend_schema(
        summary="Ask the community",
        description="Signed-in buyers and sellers (sellers also on the seller board). Order "
        "numbers, phone numbers and e-mail addresses are masked before the question is stored; "
        "`masked` says what was. New accounts may post a few times an hour (429).",
        request=AskSerializer,
        parameters=[IDEMPOTENCY],
        responses={
            201: PostedQuestionSerializer,
            200: PostedQuestionSerializer,
            **errors(400, 401, 403, 429),
        },
    ),
)
class QuestionViewSet(PreferredLanguageMixin, viewsets.GenericViewSet[Question]):
    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = QuestionSerializer
    filter_backends: list[Any] = []
    lookup_value_regex = r"[0-9]{1,12}"

    def get_queryset(self) -> QuerySet[Question]:
        user = self.request.user
        answers = Answer.objects.filter(question=OuterRef("pk"), is_hidden=False)
        return (
            public_questions(user)
            .select_related("category", "author")
            .annotate(
                answer_count=Count("answers", filter=Q(answers__is_hidden=False)),
                has_verified=Exists(answers.filter(verified_at__isnull=False)),
            )
        )

    def list(self, request: Request) -> Response:
        query = str(request.query_params.get("search", "")).replace("\x00", "")[:100]
        category = category_named(request.user, str(request.query_params.get("category", "")))
        audience = str(request.query_params.get("audience", ""))
        questions = board(request.user, audience=audience, category=category, query=query).filter(
            is_hidden=False
        )
        page = self.paginate_queryset(questions)
        return self.get_paginated_response(
            QuestionSerializer(page, many=True, context=self.get_serializer_context()).data
        )

    def _detail(self, pk: int) -> Question:
        answers = Answer.objects.filter(is_hidden=False).select_related("author")
        question = (
            self.get_queryset()
            .prefetch_related(Prefetch("answers", queryset=answers, to_attr="shown_answers"))
            .filter(pk=pk)
            .first()
        )
        if question is None:
            raise exceptions.NotFound()
        return question

    def retrieve(self, request: Request, pk: str) -> Response:
        question = self._detail(int(pk))
        return Response(
            QuestionDetailSerializer(question, context=self.get_serializer_context()).data
        )

    def create(self, request: Request) -> Response:
        data = AskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        category = category_named(request.user, values.pop("category"))
        if category is None:
            raise exceptions.ValidationError(
                {"category": [_("Choose one of the categories offered.")]}
            )
        try:
            posted = services.ask_question(
                author=_person(request),
                category=category,
                submission_key=_submission_key(request),
                **values,
            )
        except DomainError as error:
            _raise(error)
        question = self._detail(posted.post.pk)
        question.masked = posted.masked
        return Response(
            PostedQuestionSerializer(question, context=self.get_serializer_context()).data,
            status=201 if posted.is_new else 200,
        )

    @extend_schema(
        summary="Answer a community question",
        description="Signed-in buyers and sellers; personal data is masked as in questions.",
        request=AnswerInSerializer,
        parameters=[IDEMPOTENCY],
        responses={
            201: PostedAnswerSerializer,
            200: PostedAnswerSerializer,
            **errors(400, 401, 403, 404, 429),
        },
    )
    @action(detail=True, methods=["post"])
    def answers(self, request: Request, pk: str) -> Response:
        question = self.get_queryset().filter(pk=int(pk)).first()
        if question is None:
            raise exceptions.NotFound()
        data = AnswerInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            posted = services.answer_question(
                question,
                author=_person(request),
                body=data.validated_data["body"],
                submission_key=_submission_key(request),
            )
        except DomainError as error:
            _raise(error)
        answer = posted.post
        answer.masked = posted.masked
        return Response(
            PostedAnswerSerializer(answer, context=self.get_serializer_context()).data,
            status=201 if posted.is_new else 200,
        )
