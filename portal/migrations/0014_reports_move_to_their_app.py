"""The reports' models move to the reports app (issue 30; reports 0001 takes them up with
their tables and rows): here they leave the portal app's picture, and nothing is done
to the database. Jobs still waiting for the worker name their task by its module, so
those of the moved modules (the report PDFs and previews, once portal.tasks, and the
mails, once portal.lib.mail) are pointed at the new ones: none is lost in the move."""

from django.db import migrations

MOVED = {"portal.tasks.": "reports.tasks.", "portal.lib.": "lib."}


def repoint_jobs(apps, schema_editor, *, moves=MOVED):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in moves.items():
        for job in DBTaskResult.objects.filter(task_path__startswith=old).only("task_path"):
            job.task_path = new + job.task_path.removeprefix(old)
            job.save(update_fields=["task_path"])


def repoint_jobs_back(apps, schema_editor):
    repoint_jobs(apps, schema_editor, moves={new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0013_confirmation_mailings_data'),
        ('reports', '0001_initial'),
        ('django_tasks_database', '0021_conditional_partial_index_ordering'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='confirmationrequest',
                    name='network',
                ),
                migrations.RemoveField(
                    model_name='confirmationrequest',
                    name='requested_by',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='issued_by',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='network',
                ),
                migrations.RemoveField(
                    model_name='reportdownload',
                    name='report',
                ),
                migrations.RemoveField(
                    model_name='reportdownload',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='reportdraft',
                    name='network',
                ),
                migrations.RemoveField(
                    model_name='reportdraft',
                    name='updated_by',
                ),
                migrations.DeleteModel(
                    name='Confirmation',
                ),
                migrations.DeleteModel(
                    name='ConfirmationRequest',
                ),
                migrations.DeleteModel(
                    name='Report',
                ),
                migrations.DeleteModel(
                    name='ReportDownload',
                ),
                migrations.DeleteModel(
                    name='ReportDraft',
                ),
            ],
        ),
        migrations.RunPython(repoint_jobs, repoint_jobs_back),
    ]
