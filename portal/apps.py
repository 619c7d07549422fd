from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Site"

    def ready(self):
        from .invalidation import connect_invalidation

        connect_invalidation()
