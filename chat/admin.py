from django.contrib import admin

from .models import Availability, Chat


@admin.register(Chat)
class ChatAdmin(admin.ModelAdmin[Chat]):
    list_display = ["ticket", "state", "queue", "agent", "started_at", "first_answer_seconds"]
    list_filter = ["state", "queue"]
    # A chat changes through its services (the console): the admin only reads it.
    readonly_fields = [field.name for field in Chat._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin[Availability]):
    list_display = ["agent", "status", "seen_at"]
    list_filter = ["status"]
    readonly_fields = ["agent", "status", "seen_at", "changed_at"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
