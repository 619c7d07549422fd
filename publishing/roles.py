"""The Editor and Publisher groups and their permissions.

The roles migration creates them; this keeps them complete afterwards. It runs
after every ``migrate`` (so a content model added later is covered without a
migration of its own) and after every ``flush`` (so test runs that empty the
database between tests still have both roles).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db.models import Q

from . import registry

ACTIONS = ["add", "change", "delete", "view"]


def sync_roles(apps=global_apps):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # The apps that register contributions (publishing.registry): a new one needs no edit here.
    content_apps = registry.content_app_labels()
    models = [
        model for app_label in content_apps for model in apps.get_app_config(app_label).get_models()
    ]
    content = Permission.objects.filter(
        content_type__app_label__in=content_apps,
        codename__in=[
            f"{action}_{model._meta.model_name}" for model in models for action in ACTIONS
        ],
    )
    site_settings = [("publishing", "sitealert"), *registry.site_models()]
    site_perms = Permission.objects.none()
    for app_label, model_name in site_settings:
        site_perms |= Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model_name
        )
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(
        [*content, *site_perms.filter(codename__startswith="view_"), *extra(Permission, "Editor")]
    )
    publisher, _ = Group.objects.get_or_create(name="Publisher")
    publisher.permissions.set([*content, *site_perms, *extra(Permission, "Publisher")])


def extra(Permission, role):
    """What other apps (such as residents' feedback) ask the role to have."""
    wanted = registry.extra_role_permissions(role)
    if not wanted:
        return []
    query = Q(pk__in=[])
    for app_label, codenames in wanted.items():
        query |= Q(content_type__app_label=app_label, codename__in=codenames)
    return list(Permission.objects.filter(query))


def sync_roles_after_migrate(sender, apps=global_apps, using="default", **kwargs):
    # post_migrate is sent once per app; permissions of apps listed after this one
    # do not exist yet at that point, so create them all first (it is idempotent).
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles()
