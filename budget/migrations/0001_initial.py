# Budgets and budget items move here from the grants app. Their tables (history and
# many-to-many tables included) keep their names, so this changes the migration state
# only; the content types are renamed so that permissions, held changes, change notes
# and admin log entries keep pointing at the same rows.

import django.core.validators
import django.db.models.deletion
import publishing.models
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models
from publishing.migrations._previous_layout import refuse_partial_pdxsafety_history


MOVED = [
    "budget",
    "budgetitem",
    "historicalbudget",
    "historicalbudgetitem",
    "historicalbudgetitem_organizations",
    "historicalbudgetitem_programs",
]


def move_content_types(apps, schema_editor, source="grants", target="budget"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model__in=MOVED).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="budget", target="grants")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('grants', '0003_search_indexes'),
        ('partners', '0004_service_search_index'),
        ('programs', '0003_search_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Before anything changes: a database part way through the old pdxsafety
        # migrations cannot be taken over (see publishing/migrations/_previous_layout.py).
        migrations.RunPython(refuse_partial_pdxsafety_history, migrations.RunPython.noop),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Budget',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(help_text="The last part of the page's web address. Lower-case words joined by hyphens.", max_length=80, unique=True)),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], db_index=True, default='draft', max_length=10)),
                        ('published_at', models.DateTimeField(blank=True, db_index=True, help_text='Pacific time (Portland), e.g. 2026-05-01 09:00. Left empty, it is set when the item is first published. A time in the future schedules it.', null=True, verbose_name='goes live at')),
                        ('expires_at', models.DateTimeField(blank=True, db_index=True, help_text='Pacific time (Portland), e.g. 2026-05-01 09:00. Optional: the item leaves the site at this time.', null=True, verbose_name='expires at')),
                        ('last_major_update', models.DateTimeField(blank=True, editable=False, help_text="When a publisher last marked a change as major; shown as 'Last updated'.", null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('title', models.CharField(max_length=200)),
                        ('short_name', models.CharField(blank=True, help_text='e.g. Spring BMP', max_length=30)),
                        ('fiscal_year', models.CharField(blank=True, help_text='e.g. FY22-23. Leave empty if no fiscal year has been published.', max_length=7, validators=[django.core.validators.RegexValidator('^FY\\d{2}-\\d{2}$', 'Write the fiscal year as FY22-23 (July 2022 to June 2023).')])),
                        ('intro', models.TextField(blank=True, help_text='Markdown: **bold**, *italic*, [link text](https://example.org), ## for a heading, lines starting with - for a list, a blank line between paragraphs.')),
                        ('intro_html', models.TextField(blank=True, editable=False)),
                        ('order', models.PositiveSmallIntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'grants_budget',
                        'ordering': ['order', '-fiscal_year', 'title'],
                    },
                    bases=(publishing.models.MarkdownMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='BudgetItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(help_text="The last part of the page's web address. Lower-case words joined by hyphens.", max_length=80, unique=True)),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], db_index=True, default='draft', max_length=10)),
                        ('published_at', models.DateTimeField(blank=True, db_index=True, help_text='Pacific time (Portland), e.g. 2026-05-01 09:00. Left empty, it is set when the item is first published. A time in the future schedules it.', null=True, verbose_name='goes live at')),
                        ('expires_at', models.DateTimeField(blank=True, db_index=True, help_text='Pacific time (Portland), e.g. 2026-05-01 09:00. Optional: the item leaves the site at this time.', null=True, verbose_name='expires at')),
                        ('last_major_update', models.DateTimeField(blank=True, editable=False, help_text="When a publisher last marked a change as major; shown as 'Last updated'.", null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('priority', models.CharField(blank=True, choices=[('refocus', 'Refocus'), ('reform', 'Reform'), ('restaff', 'Restaff')], max_length=10)),
                        ('title', models.CharField(max_length=200)),
                        ('description', models.TextField(blank=True, help_text='Markdown: **bold**, *italic*, [link text](https://example.org), ## for a heading, lines starting with - for a list, a blank line between paragraphs.')),
                        ('description_html', models.TextField(blank=True, editable=False)),
                        ('amount', models.DecimalField(blank=True, decimal_places=2, help_text='Leave empty when no amount has been published; it is then never shown as $0.', max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount (US dollars)')),
                        ('is_one_time', models.BooleanField(default=False, help_text='Tick for money approved once, not ongoing.', verbose_name='one-time funds')),
                        ('order', models.PositiveSmallIntegerField(default=0)),
                        ('budget', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='items', to='budget.budget')),
                        ('organizations', models.ManyToManyField(blank=True, db_table='grants_budgetitem_organizations', help_text='Agencies and groups this money goes to.', related_name='budget_items', to='partners.organization')),
                        ('programs', models.ManyToManyField(blank=True, db_table='grants_budgetitem_programs', help_text='Programs this money funds.', related_name='budget_items', to='programs.program')),
                    ],
                    options={
                        'db_table': 'grants_budgetitem',
                        'ordering': ['budget__order', 'priority', 'order', 'pk'],
                    },
                    bases=(publishing.models.MarkdownMixin, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalBudget',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('slug', models.SlugField(help_text="The last part of the page's web address. Lower-case words joined by hyphens.", max_length=80)),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], db_index=True, default='draft', max_length=10)),
                        ('published_at', models.DateTimeField(blank=True, db_index=True, help_text='Pacific time (Portland), e.g. 2026-05-01 09:00. Left empty, it is set when the item is first published. A time in the future schedules it.', null=True, verbose_name='goes live at')),
                        ('expires_at', models.DateTimeField(blank=True, db_index=True, help_text='Pacific time (Portland), e.g. 2026-05-01 09:00. Optional: the item leaves the site at this time.', null=True, verbose_name='expires at')),
                        ('last_major_update', models.DateTimeField(blank=True, editable=False, help_text="When a publisher last marked a change as major; shown as 'Last updated'.", null=True)),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('updated_at', models.DateTimeField(blank=True, editable=False)),
                        ('title', models.CharField(max_length=200)),
                        ('short_name', models.CharField(blank=True, help_text='e.g. Spring BMP', max_length=30)),
                        ('fiscal_year', models.CharField(blank=True, help_text='e.g. FY22-23. Leave empty if no fiscal year has been published.', max_length=7, validators=[django.core.validators.RegexValidator('^FY\\d{2}-\\d{2}$', 'Write the fiscal year as FY22-23 (July 2022 to June 2023).')])),
                        ('intro', models.TextField(blank=True, help_text='Markdown: **bold**, *italic*, [link text](https://example.org), ## for a heading, lines starting with - for a list, a blank line between paragraphs.')),
                        ('intro_html', models.TextField(blank=True, editable=False)),
                        ('order', models.PositiveSmallIntegerField(default=0)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical budget',
                        'verbose_name_plural': 'historical budgets',
                        'db_table': 'grants_historicalbudget',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalBudgetItem',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('slug', models.SlugField(help_text="The last part of the page's web address. Lower-case words joined by hyphens.", max_length=80)),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], db_index=True, default='draft', max_length=10)),
                        ('published_at', models.DateTimeField(blank=True, db_index=True, help_text='Pacific time (Portland), e.g. 2026-05-01 09:00. Left empty, it is set when the item is first published. A time in the future schedules it.', null=True, verbose_name='goes live at')),
                        ('expires_at', models.DateTimeField(blank=True, db_index=True, help_text='Pacific time (Portland), e.g. 2026-05-01 09:00. Optional: the item leaves the site at this time.', null=True, verbose_name='expires at')),
                        ('last_major_update', models.DateTimeField(blank=True, editable=False, help_text="When a publisher last marked a change as major; shown as 'Last updated'.", null=True)),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('updated_at', models.DateTimeField(blank=True, editable=False)),
                        ('priority', models.CharField(blank=True, choices=[('refocus', 'Refocus'), ('reform', 'Reform'), ('restaff', 'Restaff')], max_length=10)),
                        ('title', models.CharField(max_length=200)),
                        ('description', models.TextField(blank=True, help_text='Markdown: **bold**, *italic*, [link text](https://example.org), ## for a heading, lines starting with - for a list, a blank line between paragraphs.')),
                        ('description_html', models.TextField(blank=True, editable=False)),
                        ('amount', models.DecimalField(blank=True, decimal_places=2, help_text='Leave empty when no amount has been published; it is then never shown as $0.', max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount (US dollars)')),
                        ('is_one_time', models.BooleanField(default=False, help_text='Tick for money approved once, not ongoing.', verbose_name='one-time funds')),
                        ('order', models.PositiveSmallIntegerField(default=0)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('budget', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='budget.budget')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical budget item',
                        'verbose_name_plural': 'historical budget items',
                        'db_table': 'grants_historicalbudgetitem',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalBudgetItem_organizations',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('budgetitem', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='budget.budgetitem')),
                        ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='budget.historicalbudgetitem')),
                        ('organization', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partners.organization')),
                    ],
                    options={
                        'verbose_name': 'HistoricalBudgetItem_organizations',
                        'db_table': 'grants_historicalbudgetitem_organizations',
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalBudgetItem_programs',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('budgetitem', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='budget.budgetitem')),
                        ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='budget.historicalbudgetitem')),
                        ('program', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programs.program')),
                    ],
                    options={
                        'verbose_name': 'HistoricalBudgetItem_programs',
                        'db_table': 'grants_historicalbudgetitem_programs',
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
