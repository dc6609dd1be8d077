import contextlib
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from lib.logs import JsonFormatter
from lib.request_ids import RequestIdFilter
from portal.middleware import request_id

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_every_response_names_its_request_and_keeps_a_proxys_well_formed_id(client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]
    assert len(first) == 32 and first != second
    assert client.get("/", HTTP_X_REQUEST_ID="lb-0042-abcdef")["X-Request-ID"] == "lb-0042-abcdef"
    # A header that could break a log line is replaced, not copied.
    forged = client.get("/", HTTP_X_REQUEST_ID="x\nrequest_id=admin")["X-Request-ID"]
    assert "\n" not in forged and len(forged) == 32


@contextlib.contextmanager
def records_of(name: str):
    """The records a logger writes meanwhile, through the portal's request-id filter."""
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger(name)
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


def test_log_lines_written_during_a_request_carry_its_id():
    logger = logging.getLogger("portal.test_request_ids")

    def view(request):
        logger.warning("inside")
        return HttpResponse()

    with records_of(logger.name) as records:
        response = request_id(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="abc-12345678"))
        logger.warning("outside")
    assert response["X-Request-ID"] == "abc-12345678"
    assert [(r.getMessage(), r.request_id) for r in records] == [
        ("inside", "abc-12345678"),
        ("outside", "-"),
    ]


def test_json_log_records_are_one_line_each_with_the_request_id_and_extra_fields():
    formatter = JsonFormatter()
    record = logging.LogRecord(
        "portal.x", logging.ERROR, __file__, 1, 'he said "hi"\nand left', (), None
    )
    record.request_id, record.measure = "abc-12345678", 42
    try:
        raise ValueError("kaputt")
    except ValueError:
        record.exc_info = sys.exc_info()
    line = formatter.format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["message"] == 'he said "hi"\nand left'
    assert (data["level"], data["logger"], data["request_id"], data["measure"]) == (
        "ERROR",
        "portal.x",
        "abc-12345678",
        42,
    )
    assert data["exception"].startswith("Traceback") and "ValueError: kaputt" in data["exception"]
    assert data["time"].endswith("+00:00")


def test_log_format_json_makes_the_portals_records_json_lines():
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('portal.probe').warning('Prüfung %s', 1)"
    )
    result = subprocess.run(  # noqa: S603 (our own command line)
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "portal.settings",
             "LOG_FORMAT": "json"}, timeout=60,
    )  # fmt: skip
    data = json.loads(result.stderr)
    assert (data["message"], data["logger"], data["request_id"]) == (
        "Prüfung 1",
        "portal.probe",
        "-",
    )


def test_djangos_record_of_a_not_found_page_carries_the_requests_id(client):
    with records_of("django.request") as records:
        client.get("/gibt-es-nicht/", HTTP_X_REQUEST_ID="lb-0404-abcdef")
    assert [(r.status_code, r.request_id) for r in records] == [(404, "lb-0404-abcdef")]
