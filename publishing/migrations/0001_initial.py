# The publishing models, which lived in the project package (app label 'pdxsafety')
# until it became settings and URLs only. Their tables keep their names; a database
# that had applied the old migrations counts this one as applied (``replaces``).

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ("pdxsafety", "0001_initial"),
        ("pdxsafety", "0002_roles"),
        ("pdxsafety", "0003_pending_change"),
        ("pdxsafety", "0004_site_alert_updated_at"),
    ]

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SiteAlert',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('message', models.CharField(help_text='One or two plain sentences. Shown on every page.', max_length=300)),
                ('severity', models.CharField(choices=[('info', 'Information'), ('warning', 'Warning'), ('urgent', 'Urgent')], default='info', max_length=10)),
                ('severity_rank', models.PositiveSmallIntegerField(default=0, editable=False)),
                ('is_on', models.BooleanField(default=True, verbose_name='turned on')),
                ('starts_at', models.DateTimeField(default=django.utils.timezone.now, help_text='Pacific time (Portland), e.g. 2026-05-01 09:00.')),
                ('ends_at', models.DateTimeField(blank=True, help_text='Pacific time (Portland), e.g. 2026-05-01 09:00. Leave empty to show until turned off.', null=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'db_table': 'pdxsafety_sitealert',
                'ordering': ['-starts_at'],
                'permissions': [('publish', 'Can publish, unpublish and delete published content')],
            },
        ),
        migrations.CreateModel(
            name='ChangeNote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField(db_index=True)),
                ('note', models.CharField(max_length=200)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
            ],
            options={
                'db_table': 'pdxsafety_changenote',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalSiteAlert',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('message', models.CharField(help_text='One or two plain sentences. Shown on every page.', max_length=300)),
                ('severity', models.CharField(choices=[('info', 'Information'), ('warning', 'Warning'), ('urgent', 'Urgent')], default='info', max_length=10)),
                ('severity_rank', models.PositiveSmallIntegerField(default=0, editable=False)),
                ('is_on', models.BooleanField(default=True, verbose_name='turned on')),
                ('starts_at', models.DateTimeField(default=django.utils.timezone.now, help_text='Pacific time (Portland), e.g. 2026-05-01 09:00.')),
                ('ends_at', models.DateTimeField(blank=True, help_text='Pacific time (Portland), e.g. 2026-05-01 09:00. Leave empty to show until turned off.', null=True)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical site alert',
                'verbose_name_plural': 'historical site alerts',
                'db_table': 'pdxsafety_historicalsitealert',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='PendingChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField()),
                ('data', models.JSONField()),
                ('summary', models.CharField(blank=True, max_length=500)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'pdxsafety_pendingchange',
                'constraints': [models.UniqueConstraint(fields=('content_type', 'object_id'), name='one_pending_change_per_item')],
            },
        ),
        migrations.CreateModel(
            name='PermanentLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField(blank=True, null=True)),
                ('slug', models.SlugField(max_length=80)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
            ],
            options={
                'db_table': 'pdxsafety_permanentlink',
                'constraints': [models.UniqueConstraint(fields=('content_type', 'slug'), name='one_link_per_slug')],
            },
        ),
    ]
