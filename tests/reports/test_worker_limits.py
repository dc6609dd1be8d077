"""What one signed-in person can make the background worker do: previews are bounded
per person and network, mails go ahead of PDFs, and the health check is about the
worker working, not about one person's backlog (issue 28)."""

import datetime
import os
import time

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from lib.mail import send_mails
from networks.models import Membership
from reports import jobs
from reports.models import NOTE_MAX_CHARS
from reports.tasks import make_report_preview
from tests.factories import NetworkFactory
from tests.factories.networks import UserFactory
from tests.factories.portal import ReportFactory
from tests.helpers import concurrently, needs_pango, needs_postgresql, run_tasks, with_totp

pytestmark = pytest.mark.django_db

PREVIEW = {"kind": "interim", "period_start": "2022-07-01", "period_end": "2023-06-30",
           "language": "de", "note": ""}  # fmt: skip
PREVIEW_TASK = make_report_preview.module_path


def ask(client, person, network, data=PREVIEW):
    client.force_login(with_totp(person))
    return client.post(reverse("report_preview", args=[network.slug]), data)


def waiting_previews():
    return DBTaskResult.objects.filter(task_path=PREVIEW_TASK, status="READY")


def test_asking_thirty_times_leaves_one_preview_waiting_the_last_one(client, personas):
    pages = [
        ask(client, personas.coordinator, personas.network, PREVIEW | {"note": f"Nr. {n}"})
        for n in range(30)
    ]
    assert {page.status_code for page in pages} == {302}
    (job,) = waiting_previews()
    assert job.args_kwargs["kwargs"]["note"] == "Nr. 29"
    assert job.args_kwargs["kwargs"]["user_id"] == personas.coordinator.pk
    # The replaced ones are gone; the last one's page is there.
    assert client.get(pages[0]["Location"]).status_code == 404
    assert client.get(pages[-1]["Location"]).status_code == 200


def test_a_preview_replaces_only_the_same_persons_waiting_one_of_the_same_network(client, personas):
    second = UserFactory(email="zweite.koordination@example.org")
    Membership.objects.create(
        user=second, role=Membership.Role.COORDINATOR, organisation=personas.coordinator_org
    )
    other_network = NetworkFactory(coordinator=personas.coordinator_org, slug="zweites-netz")
    ask(client, personas.coordinator, personas.network)
    ask(client, personas.coordinator, other_network)
    ask(client, second, personas.network)
    assert waiting_previews().count() == 3


def test_a_running_preview_is_not_replaced_so_at_most_two_run_for_one_person(client, personas):
    ask(client, personas.coordinator, personas.network)
    DBTaskResult.objects.filter(task_path=PREVIEW_TASK).update(
        status="RUNNING", started_at=timezone.now()
    )
    ask(client, personas.coordinator, personas.network)
    ask(client, personas.coordinator, personas.network)
    assert DBTaskResult.objects.filter(task_path=PREVIEW_TASK, status="RUNNING").count() == 1
    assert waiting_previews().count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_previews_asked_at_once_leave_one_waiting(personas):
    needs_postgresql()
    start, end = datetime.date(2022, 7, 1), datetime.date(2023, 6, 30)

    def queue():
        return jobs.queue_preview(
            network=personas.network, user=personas.coordinator, kind="interim", start=start,
            end=end, language="de", note="",
        )  # fmt: skip

    concurrently(queue, queue, queue)
    assert waiting_previews().count() == 1


def test_a_new_preview_removes_the_persons_earlier_file_and_a_day_old_one_of_others(
    client, personas, settings, tmp_path
):
    needs_pango()
    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "previews" / str(personas.network.pk)
    # Another coordinator's preview of a day ago, and one in the layout of before.
    for old in (folder / "999" / "alt.pdf", folder / "vorher.pdf"):
        old.parent.mkdir(parents=True, exist_ok=True)
        old.write_bytes(b"%PDF-1.7")
        a_day_ago = time.time() - 25 * 3600
        os.utime(old, (a_day_ago, a_day_ago))
    recent = folder / "998" / "frisch.pdf"
    recent.parent.mkdir(parents=True)
    recent.write_bytes(b"%PDF-1.7")

    first = ask(client, personas.coordinator, personas.network)["Location"]
    run_tasks()
    (first_file,) = (folder / str(personas.coordinator.pk)).iterdir()
    second = ask(client, personas.coordinator, personas.network)["Location"]
    run_tasks()
    (kept,) = (folder / str(personas.coordinator.pk)).iterdir()
    assert kept != first_file
    assert client.get(first).status_code == 404  # its file is gone
    assert client.get(second).status_code == 200
    assert not (folder / "999" / "alt.pdf").exists()
    assert not (folder / "vorher.pdf").exists()
    assert recent.exists()  # another person's preview of today stays


def test_a_note_longer_than_the_limit_is_refused_in_german_and_queues_nothing(client, personas):
    response = ask(client, personas.coordinator, personas.network,
                   PREVIEW | {"note": "x" * (NOTE_MAX_CHARS + 1)})  # fmt: skip
    assert response.status_code == 422
    html = response.content.decode()
    assert "höchstens 5000 Zeichen" in html
    assert not DBTaskResult.objects.exists()
    # The longest note allowed is taken.
    response = ask(client, personas.coordinator, personas.network,
                   PREVIEW | {"note": "x" * NOTE_MAX_CHARS})  # fmt: skip
    assert response.status_code == 302


def test_the_database_refuses_a_report_note_over_the_limit(personas):
    report = ReportFactory(network=personas.network)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(report).objects.filter(pk=report.pk).update(note="x" * (NOTE_MAX_CHARS + 1))


def test_the_worker_sends_a_mail_before_the_previews_queued_earlier(client, personas):
    for number in range(3):
        network = NetworkFactory(coordinator=personas.coordinator_org, slug=f"netz-{number}")
        ask(client, personas.coordinator, network)
    send_mails.enqueue([])  # a mail job, as any of the portal's
    worker = db_worker.Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=1, worker_id="tests", excluded_queue_names=[],
    )  # fmt: skip
    from unittest import mock

    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        worker.run()
    (done,) = DBTaskResult.objects.exclude(status="READY")
    assert done.task_path == "lib.mail.send_mails"
    assert waiting_previews().count() == 3


def waited(job: DBTaskResult, seconds: int) -> None:
    DBTaskResult.objects.filter(pk=job.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(seconds=seconds)
    )


def test_a_backlog_of_previews_the_worker_works_through_keeps_the_portal_healthy(
    client, personas, settings
):
    settings.HEALTH_WORKER_LAG_SECONDS = 30
    for number in range(5):
        network = NetworkFactory(coordinator=personas.coordinator_org, slug=f"netz-{number}")
        ask(client, personas.coordinator, network)
    for job in waiting_previews():
        waited(job, 40)
    # No worker has taken anything: that is the portal failing.
    assert client.get("/healthz").status_code == 503
    # The worker took one a moment ago and works through the rest.
    job = waiting_previews().first()
    DBTaskResult.objects.filter(pk=job.pk).update(
        status="RUNNING", started_at=timezone.now() - datetime.timedelta(seconds=3)
    )
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()


def test_a_mail_waiting_longer_than_the_lag_is_unhealthy_however_busy_the_worker_is(
    client, personas, settings
):
    settings.HEALTH_WORKER_LAG_SECONDS = 30
    ask(client, personas.coordinator, personas.network)
    DBTaskResult.objects.filter(task_path=PREVIEW_TASK).update(
        status="RUNNING", started_at=timezone.now()
    )
    send_mails.enqueue([])  # a mail job, as any of the portal's
    mail_job = DBTaskResult.objects.get(status="READY")
    waited(mail_job, 20)
    assert client.get("/healthz").status_code == 200
    waited(mail_job, 40)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "error: jobs are waiting"
