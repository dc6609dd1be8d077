# The portal as one image for both processes: `web` (gunicorn) and `worker`
# (background jobs). compose.yaml runs them beside PostgreSQL and Redis; settings
# come from the environment (docs/operations/configuration.md).
FROM python:3.11-slim-bookworm

# WeasyPrint's Pango and a font family for the PDFs; gettext for the catalogue.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PORTAL_ENV=production \
    STATIC_ROOT=/srv/portal/static \
    MEDIA_ROOT=/srv/portal/media \
    DOCS_ROOT=/srv/portal/site \
    PORT=8000

WORKDIR /srv/portal/app
COPY pyproject.toml README.md ./
COPY portal ./portal
COPY demo ./demo
COPY api ./api
COPY opendata ./opendata
COPY reports ./reports
COPY finances ./finances
COPY networks ./networks
COPY measures ./measures
COPY events ./events
COPY lib ./lib
COPY templates ./templates
COPY static ./static
COPY locale ./locale
COPY manage.py gunicorn.conf.py mkdocs.yml ./
COPY docs ./docs
COPY deploy/entrypoint.sh ./deploy/entrypoint.sh
# The help under /hilfe/: the documentation site, built here (mkdocs from the docs
# extra), its screenshots left as notes (the browser tests take them, not the image).
RUN pip install --no-cache-dir '.[docs]' \
 && python manage.py compilemessages --locale en --verbosity 0 \
 && mkdocs build --strict --quiet --site-dir /srv/portal/site \
 && useradd --system --home /srv/portal --uid 10001 portal \
 && mkdir -p /srv/portal/static /srv/portal/media \
 && chown -R portal /srv/portal/static /srv/portal/media

USER portal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
ENTRYPOINT ["deploy/entrypoint.sh"]
CMD ["web"]
