"""`/healthz`: can this web process serve? For load balancers and monitoring.

Answered by the first middleware, before host checks and the HTTPS redirect, so a
load balancer can probe a process by its address. It checks that the database
answers, that the cache keeps a value, and that the background worker works: within
HEALTH_WORKER_LAG_SECONDS (default 300) of a job falling due, the worker has taken
a job, and no job of default priority or above (the mails, reports.tasks) has waited
longer than that. A backlog of PDFs that a running worker works through, such as one
person's previews, is not the portal failing: every web process's health check and
the balancer's probe would fail with it. 200 with "ok" for each, else 503 naming
what failed (no details that would help an attacker: the exception's class only).
"""

import datetime
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django_tasks.base import DEFAULT_TASK_PRIORITY
from django_tasks_db.models import DBTaskResult, get_date_max

PATH = "/healthz"


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    token = uuid.uuid4().hex
    cache.set("healthz", token, 30)
    return "ok" if cache.get("healthz") == token else "error: the value was not kept"


def _worker() -> str:
    """Jobs due for longer than the allowed lag while no job was started within it: no
    worker runs. A mail (or any job of default priority) due that long: the worker
    cannot keep up with what people wait for. Jobs waiting for a later retry are not
    due yet."""
    lag = datetime.timedelta(seconds=settings.HEALTH_WORKER_LAG_SECONDS)
    limit = timezone.now() - lag
    waiting = (
        DBTaskResult.objects.ready()
        .filter(enqueued_at__lt=limit)
        .filter(Q(run_after=get_date_max()) | Q(run_after__lt=limit))
    )
    if waiting.filter(priority__gte=DEFAULT_TASK_PRIORITY).exists():
        return "error: jobs are waiting"
    if waiting.exists() and not DBTaskResult.objects.filter(started_at__gte=limit).exists():
        return "error: jobs are waiting"
    return "ok"


CHECKS = {"database": _database, "cache": _cache, "worker": _worker}


def health() -> tuple[bool, dict[str, str]]:
    results = {}
    for name, check in CHECKS.items():
        if name == "worker" and results.get("database") != "ok":
            results[name] = "error: no database"
            continue
        try:
            results[name] = check()
        except Exception as error:  # noqa: BLE001 - any failure makes the process unhealthy
            results[name] = f"error: {type(error).__name__}"
    return all(value == "ok" for value in results.values()), results


def health_check(get_response):
    """Answer /healthz before anything else looks at the request."""

    def middleware(request):
        if request.path != PATH:
            return get_response(request)
        healthy, results = health()
        response = JsonResponse(
            {"status": "ok" if healthy else "error", "checks": results},
            status=200 if healthy else 503,
        )
        response["Cache-Control"] = "no-store"
        return response

    return middleware
