from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User

from ..schema import errors
from ..serializers import TokenRequestSerializer, TokenSerializer
from ..throttling import TokenThrottle
from .base import PreferredLanguageMixin


class ObtainTokenView(PreferredLanguageMixin, APIView):
    # No session here: a browser's cookie must not make this a CSRF-checked call.
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenThrottle]

    @extend_schema(
        summary="Get an API token",
        description="Send the username and password of an account; use the token as "
        "`Authorization: Token <token>`. The same token is returned until it is revoked.",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **errors(400)},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if not isinstance(user, User) or not user.is_active:
            raise ValidationError(_("Unable to sign in with this username and password."))
        token, _created = Token.objects.get_or_create(user=user)
        return Response(TokenSerializer({"token": token.key}).data)
