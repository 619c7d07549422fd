"""What residents say about a page: helpful or not, and an optional comment.

No address, cookie or account is kept with it: only the page, the answer and the text.
"""

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FeedbackQuerySet(models.QuerySet):
    def new(self):
        return self.filter(reviewed=False)

    def by_page(self):
        """One row per page with its counts, the pages with the most new feedback first.

        >>> Feedback.objects.by_page().values("page", "helpful_count", "not_helpful_count")
        """
        return (
            self.values("page")
            .annotate(
                total=Count("pk"),
                helpful_count=Count("pk", filter=Q(helpful=True)),
                not_helpful_count=Count("pk", filter=Q(helpful=False)),
                comment_count=Count("pk", filter=~Q(comment="")),
                new_count=Count("pk", filter=Q(reviewed=False)),
            )
            .order_by("-new_count", "-total", "page")
        )


class Feedback(models.Model):
    page = models.CharField(max_length=200, db_index=True, help_text=_("The page's address."))
    helpful = models.BooleanField(_("found the page helpful"))
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    reviewed = models.BooleanField(
        _("read by staff"), default=False, help_text=_("Ticked, it no longer shows on the desk.")
    )

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")

    def __str__(self):
        answer = _("helpful") if self.helpful else _("not helpful")
        return f"{self.page}: {answer}"
