"""gunicorn's settings for the portal: `gunicorn -c gunicorn.conf.py portal.wsgi`.

Read from the environment (docs/operations/configuration.md); the defaults suit one machine
behind a reverse proxy on the same host.
"""

import multiprocessing
import os


def _integer(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Sync workers: each request runs on its own process; PDFs and mails run in the
# background worker (manage.py db_worker), so requests stay short.
workers = _integer("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
threads = _integer("GUNICORN_THREADS", 1)
timeout = _integer("GUNICORN_TIMEOUT", 30)
graceful_timeout = _integer("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# A worker is replaced after this many requests, so a slow leak cannot grow forever.
max_requests = _integer("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# The proxy in front sets X-Forwarded-For/-Proto; only trust it from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Logs to stdout/stderr for systemd's journal or the container runtime. One line per
# request with the time it took and the request id the portal sets (X-Request-ID).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s agent="%(a)s"'
# LOG_FORMAT=json: the access and error logs as JSON lines, fields instead of a format
# (lib/logs.py), like the portal's own records.
if os.environ.get("LOG_FORMAT", "line") == "json":
    logger_class = "lib.logs.GunicornLogger"
