from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    # Not "Programs": the admin would show "Programs > Programs" in its breadcrumbs.
    verbose_name = "Programs and events"
