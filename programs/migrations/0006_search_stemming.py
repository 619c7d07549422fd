# Misspelt words find their item on PostgreSQL: GIN trigram indexes over the names and
# summaries of programs and events (publishing.postgres.trigram_text; nothing on SQLite).

from django.db import migrations

from publishing.postgres import AddIndexOnPostgres, create_trigram_extension, trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0005_review_dates_and_answers"),
    ]

    operations = [
        migrations.RunPython(create_trigram_extension, migrations.RunPython.noop),
        AddIndexOnPostgres(
            model_name="program",
            index=trigram_index("program_trigram", (("title", "A"), ("short_name", "A"), ("summary", "B"), ("body", "C"))),
        ),
        AddIndexOnPostgres(
            model_name="event",
            index=trigram_index("event_trigram", (("title", "A"), ("summary", "B"), ("description", "C"), ("location", "C"))),
        ),
    ]
