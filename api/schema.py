"""OpenAPI pieces shared by every view: the error shape and the responses any call can get."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import serializers

ERROR_DESCRIPTIONS = {
    400: "Bad input: `fields` maps each field (dotted for nested ones) to its messages.",
    401: "No credentials, or a token that is not valid.",
    403: "Signed in, but this change is not allowed (or the CSRF check of a session failed).",
    404: "No such object, or one that is not yours: the two answer alike.",
    409: (
        "The change exists, but not from the object's current state (`conflict`); or, when"
        " filing, the same requester already has an open or recently resolved inquiry about"
        " this order: `code` is `duplicate` and `reference` names it (for a signed-in caller)."
    ),
    415: "The body is not JSON (send `Content-Type: application/json`).",
    429: "Too many requests; `Retry-After` says how many seconds to wait.",
}


class ErrorDetailSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="Stable, machine-readable: invalid, not_found, ...")
    message = serializers.CharField(help_text="For people, in the language asked for.")

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # "fields" would shadow Serializer.fields as a class attribute.
        fields = super().get_fields()
        fields["fields"] = serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text="Messages per field; empty unless the input was at fault.",
        )
        return fields


class ErrorSerializer(serializers.Serializer[Any]):
    error = ErrorDetailSerializer()


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """Error responses for ``extend_schema(responses=...)``."""
    return {
        code: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
        for code in codes
    }


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "Any unique string up to 80 characters (a UUID, say). Sending the same key again "
        "returns the ticket that the first request filed, with 200, instead of filing another."
    ),
)

RETRY_AFTER_HEADER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer"},
    }
}

REFERENCE = OpenApiParameter(
    "reference",
    str,
    OpenApiParameter.PATH,
    description="The ticket's reference.",
    examples=[OpenApiExample("A ticket", value="HD-000001")],
)
ARTICLE_SLUG = OpenApiParameter(
    "slug",
    str,
    OpenApiParameter.PATH,
    description="The article's slug.",
    examples=[OpenApiExample("An article", value="delivery-delay")],
)


def add_common_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """Every operation can meet a bad token (401), a failed CSRF check of a session (403) and
    a rate limit (429), and every one with a body a body that is not JSON (415): document them
    once, here, with the shared error shape."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    if "Error" not in schemas:
        return result
    ref = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            codes = (401, 403, 415, 429) if "requestBody" in operation else (401, 403, 429)
            for code in codes:
                responses.setdefault(
                    str(code),
                    {
                        "content": {"application/json": {"schema": ref}},
                        "description": ERROR_DESCRIPTIONS[code],
                    },
                )
            if "429" in responses:
                responses["429"].setdefault("headers", RETRY_AFTER_HEADER)
    return result
