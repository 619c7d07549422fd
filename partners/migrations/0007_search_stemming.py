# The reports residents can make through a service become a search source, and
# misspelt words find their item: full-text and trigram GIN indexes (PostgreSQL
# only; see publishing.postgres).

from django.db import migrations

from publishing.postgres import (
    AddIndexOnPostgres,
    create_trigram_extension,
    search_index,
    trigram_index,
)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0006_review_dates_and_answers"),
    ]

    operations = [
        AddIndexOnPostgres(
            model_name="servicelink",
            index=search_index("servicelink_search", (("title", "A"),)),
        ),
        migrations.RunPython(create_trigram_extension, migrations.RunPython.noop),
        AddIndexOnPostgres(
            model_name="organization",
            index=trigram_index("organization_trigram", (("name", "A"), ("short_name", "A"), ("description", "C"))),
        ),
        AddIndexOnPostgres(
            model_name="service",
            index=trigram_index("service_trigram", (("name", "A"), ("tagline", "B"), ("summary", "C"))),
        ),
        AddIndexOnPostgres(
            model_name="servicelink",
            index=trigram_index("servicelink_trigram", (("title", "A"),)),
        ),
    ]
