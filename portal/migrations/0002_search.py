# Search that understands residents: the synonyms staff keep, SQLite's full-text
# index (portal.search_index; filled after migrate) and PostgreSQL's trigram
# matching for misspelt words.

from django.db import migrations, models

from publishing.postgres import create_trigram_extension


def create_full_text_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE portal_search_text USING fts5("
            "kind UNINDEXED, object_id UNINDEXED, a, b, c, d, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )


def drop_full_text_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS portal_search_text")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_convert_held_changes"),
    ]

    operations = [
        migrations.CreateModel(
            name="Synonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "terms",
                    models.CharField(
                        help_text="Two or more words or phrases that mean the same to residents, "
                        "separated by commas, e.g. homeless, houseless. A search for one also "
                        "finds the others.",
                        max_length=300,
                        unique=True,
                        verbose_name="words and phrases",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "search synonym",
                "verbose_name_plural": "search synonyms",
                "ordering": ["terms"],
            },
        ),
        migrations.RunPython(create_full_text_index, drop_full_text_index, elidable=False),
        migrations.RunPython(create_trigram_extension, migrations.RunPython.noop),
    ]
