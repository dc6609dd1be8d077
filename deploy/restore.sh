#!/bin/sh
# Restore a backup made by deploy/backup.sh into an EMPTY database and media folder:
#   createdb portal_restored
#   DATABASE_URL=postgres://…/portal_restored MEDIA_ROOT=/srv/portal/media-restored \
#     deploy/restore.sh /srv/backups/portal-20261127T000000Z
# Then point the portal's DATABASE_URL and MEDIA_ROOT there and start it; it runs
# `migrate` on start, which finds nothing to do for a backup of the same version.
set -eu
: "${DATABASE_URL:?set DATABASE_URL (postgres://…) of an empty database}"
: "${MEDIA_ROOT:?set MEDIA_ROOT (an empty folder)}"
source="${1:?usage: $0 <backup folder>}"
pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" "$source/database.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$source/media.tar.gz"
