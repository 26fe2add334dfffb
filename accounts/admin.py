from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Store, User
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


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin[Store]):
    form = StoreAdminForm
    list_display = ["name", "seller_id", "owner", "answer_target_minutes"]
    search_fields = ["name", "seller_id", "owner__username"]
    raw_id_fields = ["owner"]
