from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helpdesk.http import AuthenticatedHttpRequest

from . import services
from .forms import ProfileForm, SignupForm


def _activate(request: HttpRequest, response: HttpResponse, language: str) -> HttpResponse:
    from django.conf import settings

    translation.activate(language)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(
        request.POST or None, initial={"preferred_language": translation.get_language()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
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
