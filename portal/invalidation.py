"""What makes the page cache out of date: any write to content residents can see.

Connected model by model, for the content apps' models, their many-to-many tables,
the publishing models that public pages show (the site alert, change notes,
permanent links) and the site layer's search synonyms. Held changes, history and
staff accounts change nothing public. The bump waits for the transaction to commit,
so no request can cache the old content after the bump, and a rolled-back change
bumps nothing.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from simple_history.models import HistoricalChanges

from publishing import registry

from . import page_cache

PUBLISHING_MODELS_SHOWN = ("SiteAlert", "ChangeNote", "PermanentLink")
# The site layer's own: search synonyms change what the search pages list.
PORTAL_MODELS_SHOWN = ("Synonym",)


def on_commit_invalidate(sender, **kwargs):
    transaction.on_commit(page_cache.invalidate)


def public_models():
    content = [
        model
        for label in registry.content_app_labels()
        for model in apps.get_app_config(label).get_models()
        if not issubclass(model, HistoricalChanges)
    ]
    shown = [apps.get_model("publishing", name) for name in PUBLISHING_MODELS_SHOWN]
    own = [apps.get_model("portal", name) for name in PORTAL_MODELS_SHOWN]
    return [*content, *shown, *own]


def connect_invalidation():
    for model in public_models():
        post_save.connect(on_commit_invalidate, sender=model, weak=False)
        post_delete.connect(on_commit_invalidate, sender=model, weak=False)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(on_commit_invalidate, sender=field.remote_field.through)
