import datetime

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal import health
from reports.tasks import make_report_pdf

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_for_any_host_before_the_host_check(client, settings):
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")  # a balancer's probe
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "worker": "ok"},
    }
    assert response["Cache-Control"] == "no-store"
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400  # others: checked


def due(minutes_ago: int, *, run_after=None):
    make_report_pdf.enqueue(report_id=0)
    job = DBTaskResult.objects.latest("enqueued_at")
    when = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    DBTaskResult.objects.filter(pk=job.pk).update(
        enqueued_at=when, **({"run_after": run_after} if run_after else {})
    )


def test_a_job_waiting_longer_than_the_lag_makes_the_worker_unhealthy(client, settings):
    settings.HEALTH_WORKER_LAG_SECONDS = 300
    due(minutes_ago=2)
    assert client.get("/healthz").status_code == 200  # just queued: the worker is on it
    due(minutes_ago=6)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "error: jobs are waiting"


def test_a_retry_planned_for_later_is_not_waiting(client):
    due(minutes_ago=60, run_after=timezone.now() + datetime.timedelta(hours=1))
    assert client.get("/healthz").status_code == 200


def test_a_cache_that_keeps_nothing_or_a_database_that_fails_is_reported(client, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda key: None)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error: the value was not kept"
    monkeypatch.undo()

    def broken_cursor(*args, **kwargs):
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
    checks = client.get("/healthz").json()["checks"]
    assert checks["database"] == "error: OperationalError"
    assert checks["worker"] == "error: no database"
    assert "server closed" not in str(checks)  # no details for strangers
