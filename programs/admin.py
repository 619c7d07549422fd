from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from publishing.admin import (
    HeldChangeFilter,
    PublishableAdmin,
    StackedInline,
    StateFilter,
)

from .models import Component, Event, Milestone, Program


class ComponentInline(StackedInline):
    model = Component
    extra = 0


class MilestoneInline(StackedInline):
    model = Milestone
    extra = 0


@admin.register(Program)
class ProgramAdmin(PublishableAdmin):
    list_display = ["title", "short_name", "lead_agency", "state", "updated_at"]
    list_select_related = ["lead_agency"]
    search_fields = ["title", "short_name", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ComponentInline, MilestoneInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "short_name",
                    "summary",
                    "in_short",
                    "body",
                    "lead_agency",
                    "more_info_url",
                    "more_info_label",
                    "order",
                ]
            },
        ),
        (
            _("How to get help (for a service residents call in a crisis)"),
            {
                "fields": [
                    "help_how",
                    "help_responds_to",
                    "help_not_for",
                    "help_hours",
                    "help_hours_stated_on",
                    "help_source_url",
                ],
                # Only a crisis service such as Portland Street Response has this box:
                # folded away on every other program's form.
                "classes": ["collapse"],
            },
        ),
        PublishableAdmin.publishing_fieldset,
    ]


@admin.register(Event)
class EventAdmin(PublishableAdmin):
    list_display = ["title", "start_date", "start_time", "program", "state"]
    list_filter = [StateFilter, HeldChangeFilter, "program"]
    list_select_related = ["program"]
    search_fields = ["title", "summary", "description", "location"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start_date"
