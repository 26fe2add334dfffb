from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Store, StoreInvitation, StoreMembership, User
from .selectors import store_identity_clashes


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    list_display = ["username", "display_name", "email", "role", "is_active", "is_staff"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "display_name", "email"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Helpdesk"), {"fields": ("role", "display_name", "preferred_language")}),
    )


class StoreAdminForm(forms.ModelForm[Store]):
    """The admin refuses an ambiguous store as sign-up does (accounts.selectors)."""

    class Meta:
        model = Store
        fields = ["name", "seller_id", "owner", "answer_target_minutes", "calendar"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        clashes = store_identity_clashes(
            name=str(data.get("name") or ""),
            seller_id=str(data.get("seller_id") or ""),
            exclude_pk=self.instance.pk,
        )
        for field, message in clashes.items():
            self.add_error("name" if field == "store_name" else field, message)
        return data


class MembershipFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    """The owner's row follows the Owner field above (accounts.services.change_store_owner):
    it is neither removed nor handed to someone else here."""

    def clean(self) -> None:
        super().clean()
        owner_id = getattr(self.instance, "owner_id", None)
        for form in self.forms:
            instance = form.instance
            if instance.pk is None:
                person = form.cleaned_data.get("user") if form.has_changed() else None
                if person is not None and person.pk == owner_id:
                    raise ValidationError(_("The store's owner is on its team already."))
                continue
            if instance.role != StoreMembership.Role.OWNER:
                continue
            if form in self.deleted_forms or "user" in form.changed_data:
                raise ValidationError(
                    _("The owner stays on the team; change the store's owner above instead.")
                )


class StoreMembershipInline(admin.TabularInline[StoreMembership, Store]):
    """The store's team. A row added here is a manager; managers leave by deleting the row."""

    model = StoreMembership
    formset = MembershipFormSet
    fields = ["user", "role", "created_at"]
    readonly_fields = ["role", "created_at"]
    raw_id_fields = ["user"]
    extra = 0


class StoreInvitationInline(admin.TabularInline[StoreInvitation, Store]):
    """Invitations, for reading: the owner sends and withdraws them on the members page."""

    model = StoreInvitation
    fields = ["email", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at"]
    readonly_fields = (
        "email",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    )
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin[Store]):
    form = StoreAdminForm
    list_display = ["name", "seller_id", "owner", "answer_target_minutes"]
    search_fields = ["name", "seller_id", "owner__username"]
    raw_id_fields = ["owner"]
    inlines = [StoreMembershipInline, StoreInvitationInline]

    def save_model(self, request: HttpRequest, obj: Store, form: Any, change: bool) -> None:
        # A new store comes with its owner's membership; a new owner takes over the team.
        if not change:
            services.create_store(obj)
            return
        super().save_model(request, obj, form, change)
        if "owner" in form.changed_data:
            services.change_store_owner(obj, to=obj.owner)
