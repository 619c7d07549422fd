from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PdxSafetyConfig(AppConfig):
    name = "pdxsafety"
    verbose_name = "Site"

    def ready(self):
        from .roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, sender=self)
