from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import Throttled, ValidationError
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
        # The same lock-out as the sign-in page (django-axes): failures count per username and
        # address, and a locked pair is refused before any password check.
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if getattr(request._request, "axes_locked_out", False):
            # Answer in the API's shape; AxesMiddleware would swap in the HTML lock-out page.
            request._request.axes_locked_out = False  # type: ignore[attr-defined]
            raise Throttled(wait=settings.AXES_COOLOFF_TIME.total_seconds())
        if not isinstance(user, User) or not user.is_active:
            raise ValidationError(_("Unable to sign in with this username and password."))
        token, _created = Token.objects.get_or_create(user=user)
        return Response(TokenSerializer({"token": token.key}).data)
