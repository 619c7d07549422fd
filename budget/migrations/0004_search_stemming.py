# Misspelt words find their item on PostgreSQL: GIN trigram indexes over the names and
# summaries of budget items (publishing.postgres.trigram_text; nothing on SQLite).

from django.db import migrations

from publishing.postgres import AddIndexOnPostgres, create_trigram_extension, trigram_index


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0003_review_dates_and_answers"),
    ]

    operations = [
        migrations.RunPython(create_trigram_extension, migrations.RunPython.noop),
        AddIndexOnPostgres(
            model_name="budgetitem",
            index=trigram_index("budgetitem_trigram", (("title", "A"), ("description", "C"))),
        ),
    ]
