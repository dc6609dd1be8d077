#!/bin/sh
# A backup of the portal: the database (pg_dump's custom format) and the stored files
# (uploads, issued report PDFs) as one folder, named by the time it was made.
#   DATABASE_URL=postgres://… MEDIA_ROOT=/srv/portal/media deploy/backup.sh /srv/backups
# Restore with deploy/restore.sh. Keep copies on another machine.
set -eu
: "${DATABASE_URL:?set DATABASE_URL (postgres://…)}"
: "${MEDIA_ROOT:?set MEDIA_ROOT}"
target="${1:?usage: $0 <folder for backups>}/portal-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$target"
pg_dump --format=custom --no-owner --file="$target/database.dump" "$DATABASE_URL"
tar -C "$MEDIA_ROOT" -czf "$target/media.tar.gz" .
echo "$target"
