# Full-text search index (PostgreSQL only; see publishing.postgres).

from django.db import migrations

from publishing.postgres import AddIndexOnPostgres, search_index


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0003_search_indexes"),
    ]

    operations = [
        AddIndexOnPostgres(
            model_name="service",
            index=search_index(
                "service_search",
                (("name", "A"), ("tagline", "B"), ("summary", "C")),
            ),
        ),
    ]
