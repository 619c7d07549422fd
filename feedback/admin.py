from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Residents' answers, page by page: counts above the list, every comment in it."""

    change_list_template = "admin/feedback/feedback/change_list.html"
    list_display = ["page", "answer", "comment_start", "created_at", "reviewed"]
    list_filter = ["reviewed", "helpful", "created_at"]
    search_fields = ["page", "comment"]
    date_hierarchy = "created_at"
    fields = ["page", "helpful", "comment", "created_at", "reviewed"]
    readonly_fields = ["page", "helpful", "comment", "created_at"]
    actions = ["mark_reviewed"]
    list_per_page = 50

    def has_add_permission(self, request):
        # Only residents write feedback.
        return False

    @admin.display(description="Helpful?", boolean=True, ordering="helpful")
    def answer(self, obj):
        return obj.helpful

    @admin.display(description=_("Comment"))
    def comment_start(self, obj):
        return Truncator(obj.comment).chars(120) or "—"

    @admin.action(description=_("Mark as read"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        updated = queryset.update(reviewed=True)
        self.message_user(
            request,
            ngettext("%(count)d marked as read.", "%(count)d marked as read.", updated)
            % {"count": updated},
        )

    def changelist_view(self, request, extra_context=None):
        # The counts follow the list's own filters, so "not reviewed" shows new feedback.
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            queryset = changelist.get_queryset(request).order_by()
            response.context_data["pages"] = list(queryset.by_page()[:50])
        return response
