"""The Editor and Publisher groups. Editors write drafts; publishers also put them live."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_APPS = ["programs", "grants", "partners"]
ACTIONS = ["add", "change", "delete", "view"]


def content_permissions(Permission, ContentType, apps):
    codenames = []
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            codenames += [(app_label, f"{action}_{model._meta.model_name}") for action in ACTIONS]
    return [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in codenames
    ]


def make_roles(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content = content_permissions(Permission, ContentType, apps)
    alerts = Permission.objects.filter(content_type__app_label="pdxsafety", content_type__model="sitealert")

    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set([*content, *alerts.filter(codename="view_sitealert")])
    publisher, _ = Group.objects.get_or_create(name="Publisher")
    publisher.permissions.set([*content, *alerts])


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Publisher"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pdxsafety", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("programs", "0002_expiry_and_history"),
        ("grants", "0002_expiry_and_history"),
        ("partners", "0002_expiry_and_history"),
    ]

    operations = [migrations.RunPython(make_roles, remove_roles)]
