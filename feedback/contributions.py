"""What residents' feedback adds to the staff desk, and the roles' access to it."""

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext

from publishing import registry

from .models import Feedback

ROWS = 10

# Editors read feedback and mark it read; publishers may also delete it (spam).
registry.role_permissions(
    "feedback",
    editor=["view_feedback", "change_feedback"],
    publisher=["view_feedback", "change_feedback", "delete_feedback"],
)


@registry.desk_section
def new_feedback(user):
    """Feedback no one has read yet, newest first: two queries."""
    if not user.has_perm("feedback.view_feedback"):
        return None
    new = Feedback.objects.new()
    count = new.count()
    rows = [
        registry.DeskRow(
            label=feedback.page,
            url=reverse("admin:feedback_feedback_change", args=[feedback.pk]),
            note=describe(feedback),
            when=feedback.created_at,
        )
        for feedback in (new[:ROWS] if count else [])
    ]
    return registry.DeskNotice(
        gettext("New feedback from residents"),
        count,
        rows,
        url=reverse("admin:feedback_feedback_changelist") + "?reviewed__exact=0",
        columns=(gettext("Page"), gettext("What they said"), gettext("When (Pacific)")),
    )


def describe(feedback):
    answer = gettext("Helpful") if feedback.helpful else gettext("Not helpful")
    comment = Truncator(feedback.comment).chars(100)
    return (
        gettext("%(answer)s: %(comment)s") % {"answer": answer, "comment": comment}
        if comment
        else answer
    )
