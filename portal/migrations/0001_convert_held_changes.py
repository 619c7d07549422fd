# Held changes saved as raw form POSTs become model-level changes (see
# publishing.legacy). The site layer runs this because it needs every content
# app's models, which the publishing app must not depend on.

from django.db import migrations

from publishing.legacy import convert_held_changes


def convert(apps, schema_editor):
    convert_held_changes(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("publishing", "0003_held_change"),
        ("budget", "0001_initial"),
        ("grants", "0004_budget_moved_to_its_own_app"),
        ("partners", "0004_service_search_index"),
        ("programs", "0003_search_indexes"),
    ]

    operations = [migrations.RunPython(convert, migrations.RunPython.noop)]
