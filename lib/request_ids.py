"""A request id for every log line of a request; imports no app.

The id comes from the proxy's X-Request-ID header when it sends a well-formed one,
else it is made here; the response carries it back (gunicorn's access log prints
it), and every log record written while the request runs has it as `request_id`.
"""

import contextvars
import logging
import re
import uuid

VALID = re.compile(r"[A-Za-z0-9._-]{8,64}")
current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def request_id_from(header: str) -> str:
    return header if VALID.fullmatch(header) else uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to each record ("-" outside a request). Django logs a 4xx or
    5xx response after the middleware has returned, with the request on the record:
    its id comes from there."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        if record.request_id == "-":
            record.request_id = getattr(getattr(record, "request", None), "request_id", "-")
        return True
