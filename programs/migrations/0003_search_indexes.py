# Full-text search indexes (PostgreSQL only; see publishing.postgres).

from django.db import migrations

from publishing.postgres import AddIndexOnPostgres, search_index


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0002_expiry_and_history"),
    ]

    operations = [
        AddIndexOnPostgres(
            model_name="program",
            index=search_index(
                "program_search",
                (("title", "A"), ("short_name", "A"), ("summary", "B"), ("body", "C")),
            ),
        ),
        AddIndexOnPostgres(
            model_name="event",
            index=search_index(
                "event_search",
                (("title", "A"), ("summary", "B"), ("description", "C"), ("location", "C")),
            ),
        ),
    ]
