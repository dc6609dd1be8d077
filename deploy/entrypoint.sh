#!/bin/sh
# The portal's processes, as the container image and the systemd units start them.
#   deploy/entrypoint.sh web       migrate (unless MIGRATE_ON_START=false), collectstatic,
#                                  then gunicorn with gunicorn.conf.py
#   deploy/entrypoint.sh worker    the background worker (report PDFs, every mail)
#   deploy/entrypoint.sh manage …  any manage.py command (reminders, backups' checks)
# Settings come from the environment (docs/operations/configuration.md). PYTHON names the
# interpreter (default: python3 on PATH, the image's or the virtualenv's).
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
role="${1:-web}"
[ "$#" -gt 0 ] && shift
case "$role" in
  web)
    if [ "${MIGRATE_ON_START:-true}" != "false" ]; then
      "$PYTHON" manage.py migrate --no-input
    fi
    # Not REST framework's browsable API (turned off) nor the sidecar's Redoc (the API's
    # reference page is Swagger UI): compressing them took 20 s of every start.
    "$PYTHON" manage.py collectstatic --no-input --verbosity 0 --ignore rest_framework --ignore redoc
    exec "$PYTHON" -m gunicorn -c gunicorn.conf.py portal.wsgi
    ;;
  worker)
    exec "$PYTHON" manage.py db_worker "$@"
    ;;
  manage)
    exec "$PYTHON" manage.py "$@"
    ;;
  *)
    echo "usage: $0 web | worker | manage <command>" >&2
    exit 2
    ;;
esac
