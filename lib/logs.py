"""Log records as JSON, one object per line, for log collectors (LOG_FORMAT=json);
imports no app, and no Django: gunicorn's master process loads it too.

`JsonFormatter` formats the portal's own records (settings.LOGGING); `GunicornLogger`
writes gunicorn's access and error logs the same way (gunicorn.conf.py), with the
request id the portal sets on every response.
"""

import datetime
import json
import logging

from gunicorn.glogging import Logger

# Attributes every LogRecord has; anything else on a record came as `extra`.
STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def _time(created: float) -> str:
    moment = datetime.datetime.fromtimestamp(created, tz=datetime.UTC)
    return moment.isoformat(timespec="milliseconds")


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, request_id, any `extra` fields, and the
    traceback as one string field: one line per record whatever the message holds."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": _time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for key, value in vars(record).items():
            if key not in STANDARD and key not in data:
                data[key] = value
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            data["stack"] = self.formatStack(record.stack_info)
        return json.dumps(data, ensure_ascii=False, default=str)


class GunicornLogger(Logger):
    """gunicorn's logs as JSON: each request's method, path, status, size, time and
    request id as fields, quoted by json, never by hand."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())

    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        self.access_log.info(
            "%s %s %s",
            atoms["m"],
            atoms["U"],
            atoms["s"],
            extra={
                "remote_addr": atoms["h"],
                "method": atoms["m"],
                "path": atoms["U"],
                "query": atoms["q"],
                "status": int(atoms["s"]),
                "bytes": atoms["B"],
                "duration_ms": atoms["M"],
                "request_id": atoms.get("{x-request-id}o", "-"),
                "user_agent": atoms["a"],
            },
        )
