from django.contrib import admin

from publishing.admin import PublishableAdmin

from .models import Term


@admin.register(Term)
class TermAdmin(PublishableAdmin):
    list_display = ["term", "short_definition", "state", "updated_at"]
    search_fields = ["term", "also_matches", "short_definition", "definition"]
    prepopulated_fields = {"slug": ["term"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "term",
                    "also_matches",
                    "short_definition",
                    "definition",
                    "source_label",
                    "source_url",
                ]
            },
        ),
        PublishableAdmin.publishing_fieldset,
    ]
