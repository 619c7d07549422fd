# A held change stores what the editor changed, as model-level values, and what
# those values were when the editor started (``base``), instead of the raw form
# POST. Held changes saved before this are converted by portal's first migration,
# which can see every content app.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("publishing", "0002_content_types_from_pdxsafety"),
    ]

    operations = [
        migrations.RenameModel("PendingChange", "HeldChange"),
        migrations.RenameField("heldchange", "data", "changes"),
        migrations.RenameField("heldchange", "user", "author"),
        migrations.AddField(
            model_name="heldchange",
            name="base",
            field=models.JSONField(default=dict),
        ),
        migrations.AlterField(
            model_name="heldchange",
            name="changes",
            field=models.JSONField(default=dict),
        ),
    ]
