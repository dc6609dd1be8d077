"""Work of the events app for the background worker (`manage.py db_worker`); see
reports/tasks.py. A task takes ids and reads what it needs afresh."""

from django_tasks import task


@task()
def mail_final_minutes(meeting_id: int, version: int) -> int:
    """The final minutes to those invited and present (events.services.followup)."""
    from events.services.followup import send_final_minutes

    return send_final_minutes(meeting_id=meeting_id, version=version)
