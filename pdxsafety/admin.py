"""Admin pieces every content app shares."""

from django.contrib import admin


class PublishableAdmin(admin.ModelAdmin):
    """Defaults for content that has a slug and a draft/published state."""

    list_filter = ["status"]
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True
    publishing_fieldset = (
        "Publishing",
        {"fields": ["slug", "status", "published_at", "created_at", "updated_at"]},
    )
