# The content types of the models that moved from the project package keep their
# rows, so the Publisher role's "publish" permission, admin log entries and history
# stay attached to them. On a new database there is nothing to rename.

from django.db import migrations

from publishing.migrations._previous_layout import refuse_partial_pdxsafety_history

MOVED = ["sitealert", "historicalsitealert", "changenote", "permanentlink", "pendingchange"]


def rename(apps, schema_editor, source="pdxsafety", target="publishing"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model__in=MOVED).update(app_label=target)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, source="publishing", target="pdxsafety")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("publishing", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(refuse_partial_pdxsafety_history, migrations.RunPython.noop),
        migrations.RunPython(rename, rename_back),
    ]
