from django.contrib import admin

from publishing.admin import PublishableAdmin, StackedInline

from .models import Award, Grantee, GrantRound


# Stacked rather than a table: on a tablet a table's last columns (the amount, the
# delete box) ran off the screen, and its delete boxes have no label.
class AwardInline(StackedInline):
    model = Award
    extra = 0


@admin.register(Grantee)
class GranteeAdmin(PublishableAdmin):
    list_display = ["name", "short_name", "website", "state", "updated_at"]
    search_fields = ["name", "short_name", "summary", "description"]
    prepopulated_fields = {"slug": ["short_name"]}
    fieldsets = [
        (
            None,
            {"fields": ["name", "short_name", "summary", "in_short", "description", "website"]},
        ),
        PublishableAdmin.publishing_fieldset,
    ]


@admin.register(GrantRound)
class GrantRoundAdmin(PublishableAdmin):
    list_display = ["title", "period", "awarded_by", "state"]
    list_select_related = ["awarded_by"]
    search_fields = ["title", "period", "description"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [AwardInline]
