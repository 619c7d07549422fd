# Misspelt words find their item on PostgreSQL: GIN trigram indexes over the names and
# summaries of grantees (publishing.postgres.trigram_text; nothing on SQLite).

from django.db import migrations

from publishing.postgres import AddIndexOnPostgres, create_trigram_extension, trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0006_review_dates_and_answers"),
    ]

    operations = [
        migrations.RunPython(create_trigram_extension, migrations.RunPython.noop),
        AddIndexOnPostgres(
            model_name="grantee",
            index=trigram_index("grantee_trigram", (("name", "A"), ("short_name", "A"), ("summary", "B"), ("description", "C"))),
        ),
    ]
