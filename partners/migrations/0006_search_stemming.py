# The reports residents can make through a service become a search source
# (PostgreSQL only; see publishing.postgres).

from django.db import migrations

from publishing.postgres import AddIndexOnPostgres, search_index


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0005_history_author"),
    ]

    operations = [
        AddIndexOnPostgres(
            model_name="servicelink",
            index=search_index("servicelink_search", (("title", "A"),)),
        ),
    ]
