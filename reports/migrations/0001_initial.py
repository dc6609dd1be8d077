"""The reports' models come over from the portal app (issue 30): the same tables and rows,
only Django's picture of which app holds them changes: the tables keep their names
(portal_report, …; the models say so in db_table), so nothing moves in the
database. Content types follow, so permissions and admin log entries
stay with their models."""

import datetime
import django.core.serializers.json
import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
import django.utils.timezone
import lib.constraints
import lib.dates
import reports.models
from django.conf import settings
from django.db import migrations, models


MODELS = ["report", "reportdownload", "reportdraft", "confirmationrequest", "confirmation"]


def move_content_types(apps, schema_editor, *, source="portal", target="reports"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model__in=MODELS).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="reports", target="portal")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0013_confirmation_mailings_data'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('networks', '0021_network_factor_set_required'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ConfirmationRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('interim', 'Zwischenbericht'), ('final', 'Schlussbericht')], max_length=10, verbose_name='Art')),
                        ('period_start', models.DateField(validators=[lib.dates.validate_sane_date], verbose_name='Berichtszeitraum von')),
                        ('period_end', models.DateField(validators=[lib.dates.validate_sane_date], verbose_name='Berichtszeitraum bis')),
                        ('requested_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='angefordert am')),
                        ('mailed_at', models.DateTimeField(blank=True, null=True, verbose_name='zuletzt per E-Mail erinnert am')),
                        ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='ersetzt am')),
                        ('network', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='confirmation_requests', to='networks.network', verbose_name='Netzwerk')),
                        ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='angefordert von')),
                    ],
                    options={
                        'verbose_name': 'Bitte um Bestätigung der Zahlen',
                        'verbose_name_plural': 'Bitten um Bestätigung der Zahlen',
                        'db_table': 'portal_confirmationrequest',
                        'ordering': ['-requested_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='Confirmation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('confirmed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='bestätigt am')),
                        ('confirmed_by_name', models.CharField(max_length=200, verbose_name='bestätigt von (Name)')),
                        ('figures', models.JSONField(default=dict, editable=False, encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='bestätigte Zahlen')),
                        ('confirmed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='bestätigt von')),
                        ('participation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='confirmations', to='networks.participation', verbose_name='Teilnahme')),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='confirmations', to='reports.confirmationrequest', verbose_name='Bitte')),
                    ],
                    options={
                        'verbose_name': 'Bestätigung der Zahlen',
                        'verbose_name_plural': 'Bestätigungen der Zahlen',
                        'db_table': 'portal_confirmation',
                        'ordering': ['participation__municipality__name'],
                    },
                ),
                migrations.CreateModel(
                    name='Report',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('interim', 'Zwischenbericht'), ('final', 'Schlussbericht')], max_length=10, verbose_name='Art')),
                        ('period_start', models.DateField(validators=[lib.dates.validate_sane_date], verbose_name='Berichtszeitraum von')),
                        ('period_end', models.DateField(validators=[lib.dates.validate_sane_date], verbose_name='Berichtszeitraum bis')),
                        ('version', models.PositiveSmallIntegerField(default=1, verbose_name='Fassung')),
                        ('language', models.CharField(choices=[('de', 'Deutsch'), ('en', 'English')], default='de', max_length=8, verbose_name='Sprache')),
                        ('note', models.TextField(blank=True, help_text='Erscheint im Bericht unter den Zahlen, als einfacher Text.', max_length=5000, verbose_name='Bemerkungen der Koordination')),
                        ('figures', models.JSONField(editable=False, encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='Zahlen')),
                        ('issued_at', models.DateTimeField(editable=False, verbose_name='ausgestellt am')),
                        ('issued_by_name', models.CharField(max_length=200, verbose_name='ausgestellt von (Name)')),
                        ('pdf', models.FileField(blank=True, max_length=200, upload_to=reports.models.report_path, verbose_name='PDF')),
                        ('pdf_sha256', models.CharField(blank=True, max_length=64, verbose_name='SHA-256 des PDF')),
                        ('pdf_task_id', models.CharField(blank=True, editable=False, max_length=64, verbose_name='Auftrag für das PDF')),
                        ('intent', models.UUIDField(blank=True, editable=False, null=True, verbose_name='Formular-Kennung')),
                        ('texts', models.JSONField(blank=True, default=dict, editable=False, verbose_name='Texte')),
                        ('issued_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ausgestellt von')),
                        ('network', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='networks.network', verbose_name='Netzwerk')),
                    ],
                    options={
                        'verbose_name': 'Bericht',
                        'verbose_name_plural': 'Berichte',
                        'db_table': 'portal_report',
                        'ordering': ['-issued_at', '-pk'],
                    },
                    bases=(lib.constraints.ChecksMirroredInClean, models.Model),
                ),
                migrations.CreateModel(
                    name='ReportDownload',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('user_name', models.CharField(max_length=200, verbose_name='Person (Name)')),
                        ('downloaded_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='abgerufen am')),
                        ('sha256', models.CharField(max_length=64, verbose_name='SHA-256 der Datei')),
                        ('link', models.CharField(blank=True, editable=False, max_length=32, verbose_name='Link')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='downloads', to='reports.report', verbose_name='Bericht')),
                        ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Person')),
                    ],
                    options={
                        'verbose_name': 'Abruf eines Berichts',
                        'verbose_name_plural': 'Abrufe von Berichten',
                        'db_table': 'portal_reportdownload',
                        'ordering': ['-downloaded_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ReportDraft',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('interim', 'Zwischenbericht'), ('final', 'Schlussbericht')], max_length=10, verbose_name='Art')),
                        ('summary', models.TextField(blank=True, verbose_name='Zusammenfassung')),
                        ('starting_point', models.TextField(blank=True, verbose_name='Ausgangslage und Ziele')),
                        ('how_it_worked', models.TextField(blank=True, verbose_name='Arbeit im Netzwerk')),
                        ('results', models.TextField(blank=True, verbose_name='Ergebnisse')),
                        ('lessons', models.TextField(blank=True, verbose_name='Erfahrungen und Erkenntnisse')),
                        ('outlook', models.TextField(blank=True, verbose_name='Ausblick')),
                        ('municipality_texts', models.JSONField(blank=True, default=dict, verbose_name='Texte je Kommune')),
                        ('version', models.PositiveIntegerField(default=0, editable=False, verbose_name='Bearbeitungsstand')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='geändert am')),
                        ('network', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='report_drafts', to='networks.network', verbose_name='Netzwerk')),
                        ('updated_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='geändert von')),
                    ],
                    options={
                        'verbose_name': 'Entwurf der Berichtstexte',
                        'verbose_name_plural': 'Entwürfe der Berichtstexte',
                        'db_table': 'portal_reportdraft',
                    },
                ),
                migrations.AddConstraint(
                    model_name='confirmationrequest',
                    constraint=models.UniqueConstraint(fields=('network', 'kind', 'period_start', 'period_end'), name='portal_confirmationrequest_unique_period'),
                ),
                migrations.AddConstraint(
                    model_name='confirmationrequest',
                    constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='portal_confirmationrequest_period_order'),
                ),
                migrations.AddConstraint(
                    model_name='confirmationrequest',
                    constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['interim', 'final'])), name='portal_confirmationrequest_kind'),
                ),
                migrations.AddConstraint(
                    model_name='confirmation',
                    constraint=models.UniqueConstraint(fields=('request', 'participation'), name='portal_confirmation_unique'),
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='portal_report_period_order'),
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.CheckConstraint(condition=models.Q(('period_start__gte', datetime.date(1990, 1, 1)), ('period_start__lte', datetime.date(2100, 12, 31))), name='portal_report_period_start_range'),
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', datetime.date(1990, 1, 1)), ('period_end__lte', datetime.date(2100, 12, 31))), name='portal_report_period_end_range'),
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.CheckConstraint(condition=models.Q(('version__gte', 1)), name='portal_report_version'),
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.CheckConstraint(condition=models.Q(('version', 1), models.Q(('note', ''), _negated=True), _connector='OR'), name='portal_report_correction_note'),
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['interim', 'final'])), name='portal_report_kind'),
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.CheckConstraint(condition=models.Q(django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('note'), 5000)), name='portal_report_note_length'),
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.UniqueConstraint(fields=('network', 'kind', 'period_start', 'period_end', 'version'), name='portal_report_unique_version'),
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.UniqueConstraint(fields=('intent',), name='portal_report_unique_intent'),
                ),
                migrations.AddConstraint(
                    model_name='reportdownload',
                    constraint=models.CheckConstraint(condition=models.Q(('sha256__regex', '^[0-9a-f]{64}$')), name='portal_reportdownload_sha256'),
                ),
                migrations.AddConstraint(
                    model_name='reportdownload',
                    constraint=models.UniqueConstraint(condition=models.Q(('link', ''), _negated=True), fields=('report', 'user', 'link'), name='portal_reportdownload_one_per_link'),
                ),
                migrations.AddConstraint(
                    model_name='reportdraft',
                    constraint=models.UniqueConstraint(fields=('network', 'kind'), name='portal_reportdraft_unique'),
                ),
                migrations.AddConstraint(
                    model_name='reportdraft',
                    constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['interim', 'final'])), name='portal_reportdraft_kind'),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
