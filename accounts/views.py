from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from helpdesk import ratelimit
from helpdesk.errors import DomainError
from helpdesk.http import AuthenticatedHttpRequest

from . import services
from .forms import InviteForm, ProfileForm, SignupForm
from .models import StoreInvitation, StoreMembership, User
from .selectors import is_store_owner, member_store_ids, member_stores, store_teams


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


def _next_page(request: HttpRequest) -> str:
    """Where to go after signing up: ``next`` when it is a page of ours (an invitation link)."""
    target = str(request.POST.get("next") or request.GET.get("next") or "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_page(request) or "home")
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
            target = _next_page(request) or reverse("tickets:list")
            return _activate(request, redirect(target), user.preferred_language)
    return render(request, "accounts/signup.html", {"form": form, "next": _next_page(request)})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your profile was saved."))
        return _activate(request, redirect("accounts:profile"), user.preferred_language)
    return render(
        request, "accounts/profile.html", {"form": form, "stores": member_stores(request.user)}
    )


# --- Store teams ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def members(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The teams of the person's stores; the owner invites people here (POST)."""
    teams = store_teams(request.user) if request.user.is_seller else []
    if not teams:
        raise Http404
    forms = {team.store.seller_id: InviteForm(store_id=team.store.seller_id) for team in teams}
    status = 200
    if request.method == "POST":
        team = next((t for t in teams if t.store.seller_id == request.POST.get("store")), None)
        if team is None:
            raise Http404
        form = InviteForm(request.POST, store_id=team.store.seller_id)
        forms[team.store.seller_id] = form
        if not team.is_owner:
            raise PermissionDenied  # a manager knows the store: no secret to keep with a 404
        refused = ratelimit.check(request, "store-invitation", str(request.user.pk))
        if refused:
            return refused
        if form.is_valid():
            try:
                invitation = services.invite_member(
                    team.store, form.cleaned_data["email"], by=request.user
                )
            except DomainError as error:
                form.add_error(error.field or None, str(error))
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": invitation.email},
                )
                return redirect("accounts:members")
        status = 400
    return render(
        request,
        "accounts/members.html",
        {"teams": [(team, forms[team.store.seller_id]) for team in teams]},
        status=status,
    )


def _membership_for(request: AuthenticatedHttpRequest, membership_id: int) -> StoreMembership:
    """A membership of one of the person's own stores; anything else is a 404."""
    if not request.user.is_seller:
        raise Http404
    return get_object_or_404(
        StoreMembership.objects.select_related("store", "user").filter(
            store_id__in=member_store_ids(request.user)
        ),
        pk=membership_id,
    )


@login_required
@require_http_methods(["GET", "POST"])
def remove_member(request: AuthenticatedHttpRequest, membership_id: int) -> HttpResponse:
    """GET asks to confirm; POST takes the person off the team (the owner only)."""
    membership = _membership_for(request, membership_id)
    if request.method == "POST":
        try:
            services.remove_member(membership, by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is no longer on the team of %(store)s.")
                % {"name": membership.user, "store": membership.store.name},
            )
        return redirect("accounts:members")
    if not is_store_owner(request.user, membership.store):
        raise PermissionDenied
    return render(request, "accounts/member_remove.html", {"membership": membership})


@login_required
@require_POST
def revoke_invitation(request: AuthenticatedHttpRequest, invitation_id: int) -> HttpResponse:
    if not request.user.is_seller:
        raise Http404
    invitation = get_object_or_404(
        StoreInvitation.objects.select_related("store").filter(
            store_id__in=member_store_ids(request.user)
        ),
        pk=invitation_id,
    )
    try:
        services.revoke_invitation(invitation, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email},
        )
    return redirect("accounts:members")


def _unusable(request: HttpRequest, error: services.InvitationNotUsable) -> HttpResponse:
    """Unknown links answer 404; expired, withdrawn and used ones 410, with the reason."""
    return render(
        request,
        "accounts/invitation_invalid.html",
        {"reason": error.reason, "message": str(error)},
        status=404 if error.reason == "unknown" else 410,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation e-mail: who invites whom to which store, and the button
    that accepts. Strangers sign in (or sign up) first and come back here (``next``)."""
    try:
        found = services.invitation_for_token(token)
    except services.InvitationNotUsable as error:
        return _unusable(request, error)
    user = request.user if isinstance(request.user, User) else None
    refusal = services.invitation_refusal(found, user) if user is not None else ""
    if request.method == "POST":
        if user is None:
            return redirect_to_login(request.path)
        try:
            membership = services.accept_invitation(token, user)
        except services.InvitationNotUsable as error:
            return _unusable(request, error)
        except DomainError as error:
            refusal = refusal or str(error)
        else:
            messages.success(
                request,
                _("You joined the team of %(store)s. Its inquiries are in your list.")
                % {"store": membership.store.name},
            )
            return redirect("tickets:list")
    return render(
        request,
        "accounts/invitation.html",
        {
            "invitation": found,
            "refusal": refusal,
            "becomes_seller": user is not None and user.role == User.Role.BUYER,
            "next": request.path,
        },
        status=400 if request.method == "POST" else 200,
    )
