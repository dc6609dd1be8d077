import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from portal.lib.request_ids import RequestIdFilter
from portal.middleware import request_id

pytestmark = pytest.mark.django_db


def test_every_response_names_its_request_and_keeps_a_proxys_well_formed_id(client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]
    assert len(first) == 32 and first != second
    assert client.get("/", HTTP_X_REQUEST_ID="lb-0042-abcdef")["X-Request-ID"] == "lb-0042-abcdef"
    # A header that could break a log line is replaced, not copied.
    forged = client.get("/", HTTP_X_REQUEST_ID="x\nrequest_id=admin")["X-Request-ID"]
    assert "\n" not in forged and len(forged) == 32


def test_log_lines_written_during_a_request_carry_its_id():
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("portal.test_request_ids")
    logger.addHandler(handler)
    try:

        def view(request):
            logger.warning("inside")
            return HttpResponse()

        response = request_id(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="abc-12345678"))
        logger.warning("outside")
    finally:
        logger.removeHandler(handler)
    assert response["X-Request-ID"] == "abc-12345678"
    assert [(r.getMessage(), r.request_id) for r in records] == [
        ("inside", "abc-12345678"),
        ("outside", "-"),
    ]
