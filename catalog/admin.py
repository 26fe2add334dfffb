from typing import Any

from django import forms
from django.contrib import admin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .fields import FIELD_LABELS
from .models import BusinessCalendar, Category, Closure, OpeningHours, Queue, QueueMembership

ASKED = [
    ("", _("Not asked")),
    ("optional", _("Asked, optional")),
    ("required", _("Asked, required")),
]


class CategoryForm(forms.ModelForm[Category]):
    """A category with its case fields as a form: for each detail the inquiry form can ask,
    whether it is asked and required, and where it comes. Saved as the ordered list the
    inquiry form reads (Category.fields)."""

    class Meta:
        model = Category
        fields = [
            "slug",
            "name_ko",
            "name_en",
            "description_ko",
            "description_en",
            "audience",
            "queue",
            "default_priority",
            "concerns_store",
            "keywords",
            "sort_order",
            "is_active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, spec in enumerate(self.instance.fields or [], start=1):
            name = str(spec.get("name"))
            if name in FIELD_LABELS:
                self.initial[f"ask_{name}"] = "required" if spec.get("required") else "optional"
                self.initial[f"order_{name}"] = index

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        asked = []
        for position, name in enumerate(FIELD_LABELS):
            choice = data.get(f"ask_{name}")
            if choice:
                order = data.get(f"order_{name}") or 100 + position
                asked.append((order, position, {"name": name, "required": choice == "required"}))
        self.instance.fields = [spec for _order, _position, spec in sorted(asked)]
        return data


class OpeningHoursInline(admin.TabularInline[OpeningHours, BusinessCalendar]):
    model = OpeningHours
    extra = 0


class ClosureInline(admin.TabularInline[Closure, BusinessCalendar]):
    model = Closure
    extra = 0


# One "asked?" choice and one place per detail; declared on the form so the admin lays them out.
for _name, _label in FIELD_LABELS.items():
    for _field_name, _field in (
        (f"ask_{_name}", forms.ChoiceField(label=_label, choices=ASKED, required=False)),
        (
            f"order_{_name}",
            forms.IntegerField(
                label=format_lazy(_("Place of “{field}”"), field=_label),
                min_value=1,
                max_value=99,
                required=False,
            ),
        ),
    ):
        CategoryForm.declared_fields[_field_name] = CategoryForm.base_fields[_field_name] = _field


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
    search_fields = ["slug", "name_ko", "name_en", "keywords"]
    form = CategoryForm
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "slug",
                    ("name_ko", "name_en"),
                    ("description_ko", "description_en"),
                    "audience",
                    "queue",
                    "default_priority",
                    "concerns_store",
                    "keywords",
                    "sort_order",
                    "is_active",
                ]
            },
        ),
        (
            _("Case fields"),
            {
                "description": _(
                    "What the inquiry form asks for in this category, in the order given."
                ),
                "fields": [(f"ask_{name}", f"order_{name}") for name in FIELD_LABELS],
            },
        ),
    ]
