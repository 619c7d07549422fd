from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    # Not "Programs": the admin would show "Programs > Programs" in its breadcrumbs.
    verbose_name = _("Programs and events")
