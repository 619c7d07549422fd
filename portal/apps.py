from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Site")

    def ready(self):
        from publishing import registry

        from .invalidation import connect_invalidation
        from .search_index import connect_search_index

        connect_invalidation()
        connect_search_index(self)
        # Live as soon as saved, outside the draft-and-publish workflow: publishers only.
        registry.site_model("portal", "synonym")
