# Misspelt words find a glossary term on PostgreSQL too: a GIN trigram index over the
# same fields as its full-text index (publishing.postgres.trigram_text; nothing on SQLite).

from django.db import migrations

from publishing.postgres import AddIndexOnPostgres, create_trigram_extension, trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("glossary", "0002_review_dates"),
    ]

    operations = [
        migrations.RunPython(create_trigram_extension, migrations.RunPython.noop),
        AddIndexOnPostgres(
            model_name="term",
            index=trigram_index(
                "glossaryterm_trigram",
                (("term", "A"), ("also_matches", "A"), ("short_definition", "B"), ("definition", "C")),
            ),
        ),
    ]
