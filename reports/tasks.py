"""Work the background worker does (`manage.py db_worker`): Django's task API through
the django-tasks backport, queued in the database (django-tasks-db).

A task takes ids, not objects, and reads what it needs afresh: it may run seconds
or hours after it was queued, in another process. A task that raises is recorded
as failed with its traceback (and logged by django-tasks); the pages that queued
it show that state and offer to queue it again.

The worker takes the waiting job of the highest priority first. Mails (and every
other short job) keep the default priority, so a row of PDFs never holds up an
invitation or a password reset: issued reports' PDFs come after them, previews
last (portal.health watches the jobs of default priority and above).
"""

from django_tasks import task

from reports import previews, rendering

# django-tasks orders waiting jobs by priority (-100 … 100, default 0), then by time.
REPORT_PDF_PRIORITY = -10
PREVIEW_PRIORITY = -20


@task(priority=REPORT_PDF_PRIORITY)
def make_report_pdf(report_id: int) -> str:
    """Render an issued report's PDF and keep it; returns its SHA-256."""
    return rendering.make_report_pdf(report_id=report_id)


@task(priority=PREVIEW_PRIORITY)
def make_report_preview(
    network_id: int, kind: str, start: str, end: str, language: str, note: str,
    user_id: int | None = None,
) -> str:  # fmt: skip
    """Render the PDF a report would have if issued now and keep it for a day; returns
    the stored file's name (reports.previews). `user_id` is who asked: each person has
    at most one preview of a network waiting."""
    return previews.make_preview(
        network_id=network_id, kind=kind, start=start, end=end, language=language,
        note=note, user_id=user_id,
    )  # fmt: skip
