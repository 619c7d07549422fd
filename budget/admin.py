from django.contrib import admin

from publishing.admin import (
    HeldChangeFilter,
    PublishableAdmin,
    PublishableInline,
    StackedInline,
    StateFilter,
)

from .models import Budget, BudgetItem


class BudgetItemInline(PublishableInline, StackedInline):
    model = BudgetItem
    extra = 0
    fields = ["title", "slug", "priority", "amount", "is_one_time", "status"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True


@admin.register(Budget)
class BudgetAdmin(PublishableAdmin):
    list_display = ["title", "fiscal_year", "state"]
    search_fields = ["title", "fiscal_year", "intro"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [BudgetItemInline]


@admin.register(BudgetItem)
class BudgetItemAdmin(PublishableAdmin):
    list_display = ["title", "budget", "priority", "amount", "is_one_time", "state"]
    list_filter = [StateFilter, HeldChangeFilter, "budget", "priority", "is_one_time"]
    list_select_related = ["budget"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "budget",
                    "priority",
                    "title",
                    "description",
                    "amount",
                    "is_one_time",
                    "programs",
                    "organizations",
                    "order",
                ]
            },
        ),
        PublishableAdmin.publishing_fieldset,
    ]
