from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helpdesk import ratelimit
from helpdesk.http import AuthenticatedHttpRequest

from . import services
from .forms import ProfileForm, SignupForm


def _activate(request: HttpRequest, response: HttpResponse, language: str) -> HttpResponse:
    from django.conf import settings

    translation.activate(language)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response


def locked_out(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    """django-axes calls this after too many failed sign-ins for a username and address."""
    from django.conf import settings

    return ratelimit.too_many_requests(request, int(settings.AXES_COOLOFF_TIME.total_seconds()))


class PasswordResetView(auth_views.PasswordResetView):
    """Password reset with limits per address and per e-mail, so it cannot be used to flood."""

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        email = str(request.POST.get("email", "")).strip().lower()
        refused = ratelimit.check(
            request, "password-reset-address", ratelimit.client_address(request)
        ) or (email and ratelimit.check(request, "password-reset-email", email))
        if refused:
            return refused
        return super().post(request, *args, **kwargs)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST":
        refused = ratelimit.check(request, "signup", ratelimit.client_address(request))
        if refused:
            return refused
    form = SignupForm(
        request.POST or None, initial={"preferred_language": translation.get_language()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register_person(
                username=data["username"],
                password=data["password1"],
                email=data["email"],
                display_name=data["display_name"],
                role=data["role"],
                preferred_language=data["preferred_language"],
                store_name=data.get("store_name", ""),
                seller_id=data.get("seller_id", ""),
            )
        except services.StoreIdentityTaken as error:
            form.add_error(error.field, str(error))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return _activate(request, redirect("tickets:list"), user.preferred_language)
    return render(request, "accounts/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your profile was saved."))
        return _activate(request, redirect("accounts:profile"), user.preferred_language)
    return render(
        request, "accounts/profile.html", {"form": form, "stores": request.user.stores.all()}
    )
