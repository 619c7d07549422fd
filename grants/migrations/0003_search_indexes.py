# Full-text search indexes (PostgreSQL only; see publishing.postgres).

from django.db import migrations

from publishing.postgres import AddIndexOnPostgres, search_index


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0002_expiry_and_history"),
    ]

    operations = [
        AddIndexOnPostgres(
            model_name="grantee",
            index=search_index(
                "grantee_search",
                (("name", "A"), ("short_name", "A"), ("summary", "B"), ("description", "C")),
            ),
        ),
        AddIndexOnPostgres(
            model_name="budgetitem",
            index=search_index("budgetitem_search", (("title", "A"), ("description", "C"))),
        ),
    ]
