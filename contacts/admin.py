from django.contrib import admin

from helpdesk.admin import CHECKBOXES

from .models import ContactChannel


@admin.register(ContactChannel)
class ContactChannelAdmin(admin.ModelAdmin[ContactChannel]):
    list_display = [
        "slug",
        "kind",
        "name_ko",
        "address",
        "calendar",
        "audience",
        "is_active",
        "sort_order",
    ]
    list_filter = ["kind", "audience", "is_active"]
    formfield_overrides = CHECKBOXES
