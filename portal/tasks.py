"""Work the background worker does (`manage.py db_worker`): Django's task API through
the django-tasks backport, queued in the database (django-tasks-db).

A task takes ids, not objects, and reads what it needs afresh: it may run seconds
or hours after it was queued, in another process. A task that raises is recorded
as failed with its traceback (and logged by django-tasks); the pages that queued
it show that state and offer to queue it again.
"""

from django_tasks import task


@task()
def make_report_pdf(report_id: int) -> str:
    """Render an issued report's PDF and keep it; returns its SHA-256."""
    from portal import services  # the services queue this task

    return services.make_report_pdf(report_id=report_id)


@task()
def make_report_preview(
    network_id: int, kind: str, start: str, end: str, language: str, note: str
) -> str:
    """Render the PDF a report would have if issued now and keep it for a day; returns
    the stored file's name (portal.previews)."""
    from portal import previews  # the previews queue this task

    return previews.make_preview(
        network_id=network_id, kind=kind, start=start, end=end, language=language, note=note
    )
