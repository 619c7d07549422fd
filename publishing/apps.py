from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Publishing"

    def ready(self):
        from . import registry
        from .roles import sync_roles_after_migrate

        # Here rather than in the site layer: the roles, synced after every migrate,
        # need to know the content apps too.
        registry.autodiscover()
        post_migrate.connect(sync_roles_after_migrate, sender=self)
