"""Email about held changes: publishers hear a change is waiting, its author hears
what became of it.

Mail goes out only once the transaction commits, so a save that rolls back tells no
one anything, and a mail server that fails never fails the save: it is logged.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext, gettext_lazy

logger = logging.getLogger(__name__)
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def change_url(model, pk):
    """The item's admin page, or None for content edited only inline with another."""
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
    except NoReverseMatch:
        return None


def publishers():
    # Axes' backend grants nothing, so the model backend alone says who holds the permission.
    users = get_user_model().objects.with_perm(
        "publishing.publish", is_active=True, include_superusers=True, backend=MODEL_BACKEND
    )
    return users.exclude(email="")


def item_link(item):
    path = change_url(type(item), item.pk)
    return settings.SITE_URL.rstrip("/") + path if path else settings.SITE_URL


def send_later(subject, message, recipients):
    def send():
        try:
            send_mail(subject, message, None, recipients)
        except Exception:
            logger.exception("Could not send %r to %d recipient(s)", subject, len(recipients))

    if recipients:
        transaction.on_commit(send)


def change_held(held, item, user):
    recipients = sorted({p.email for p in publishers() if p.pk != user.pk})
    author = user.get_full_name() or user.get_username()
    values = {
        "author": author,
        "item": item,
        "summary": held.summary or gettext("no summary"),
        "link": item_link(item),
    }
    send_later(
        gettext("A change to %(item)s is waiting for your review") % values,
        gettext(
            "%(author)s changed %(item)s (%(summary)s). The change is not live until a "
            "publisher applies it.\n\nReview it: %(link)s\n"
        )
        % values,
        recipients,
    )


def change_decided(held, item, user, decision):
    """Tell the author what a publisher did with their change; withdrawing one's own
    change needs no news."""
    author = held.author
    if author is None or author.pk == user.pk or not author.email or not author.is_active:
        return
    values = {
        "decider": user.get_full_name() or user.get_username(),
        "item": item,
        "summary": held.summary or gettext("no summary"),
        "link": item_link(item),
    }
    subject, message = DECISION_MESSAGES[decision]
    send_later(subject % values, message % values, [author.email])


# One whole sentence per decision: a translation cannot build them from the word alone.
DECISION_MESSAGES = {
    "applied": (
        gettext_lazy("Your change to %(item)s was applied"),
        gettext_lazy(
            "%(decider)s applied your change to %(item)s (%(summary)s).\n\nSee the item: %(link)s\n"
        ),
    ),
    "discarded": (
        gettext_lazy("Your change to %(item)s was discarded"),
        gettext_lazy(
            "%(decider)s discarded your change to %(item)s (%(summary)s).\n\n"
            "See the item: %(link)s\n"
        ),
    ),
}
