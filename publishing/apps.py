from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from django.apps import apps

        from . import registry
        from .models import connect_receivers
        from .roles import sync_roles_after_migrate
        from .signin import remember_sign_in_time

        connect_receivers(apps.get_models())
        # Here rather than in the site layer: the roles, synced after every migrate,
        # need to know the content apps too.
        registry.autodiscover()
        post_migrate.connect(sync_roles_after_migrate, sender=self)
        post_migrate.connect(record_first_versions_after_migrate, sender=self)
        user_logged_in.connect(remember_sign_in_time)


def record_first_versions_after_migrate(sender, using="default", **kwargs):
    # Content that arrived without history (a database from before history was kept
    # for everything, or rows loaded raw) gets a first version it can be restored to.
    from .history import record_first_versions

    record_first_versions()
