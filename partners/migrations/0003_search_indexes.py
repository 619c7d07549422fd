# Full-text search index (PostgreSQL only; see publishing.postgres).

from django.db import migrations

from publishing.postgres import AddIndexOnPostgres, search_index


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_expiry_and_history"),
    ]

    operations = [
        AddIndexOnPostgres(
            model_name="organization",
            index=search_index(
                "organization_search",
                (("name", "A"), ("short_name", "A"), ("description", "C")),
            ),
        ),
    ]
