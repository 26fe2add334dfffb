from django.contrib import admin

from .models import BusinessCalendar, Category, Closure, OpeningHours, Queue, QueueMembership


class OpeningHoursInline(admin.TabularInline[OpeningHours, BusinessCalendar]):
    model = OpeningHours
    extra = 0


class ClosureInline(admin.TabularInline[Closure, BusinessCalendar]):
    model = Closure
    extra = 0


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin[BusinessCalendar]):
    list_display = ["name", "time_zone", "observes_korean_holidays", "is_default"]
    inlines = [OpeningHoursInline, ClosureInline]


class MembershipInline(admin.TabularInline[QueueMembership, Queue]):
    model = QueueMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin[Queue]):
    list_display = ["slug", "name_ko", "name_en", "auto_assign", "calendar"]
    inlines = [MembershipInline]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = [
        "slug",
        "name_ko",
        "name_en",
        "audience",
        "queue",
        "default_priority",
        "is_active",
    ]
    list_filter = ["audience", "queue", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["slug", "name_ko", "name_en", "keywords"]
