#!/usr/bin/env bash
# Nightly backup (docs/deploy.md): the whole database with pg_dump (custom format), kept
# STYRA_BACKUP_KEEP_DAYS days (14). Run by styra-backup.service with the settings of
# /etc/styra/styra.env; restore with pg_restore (docs/deploy.md, "Restore").
#
#   scripts/backup.sh DIR
set -euo pipefail
dir=${1:?usage: backup.sh DIR}
: "${DATABASE_URL:?DATABASE_URL must be set}"
keep=${STYRA_BACKUP_KEEP_DAYS:-14}
mkdir -p "$dir"
stamp=$(date +%Y%m%d-%H%M%S)
tmp="$dir/.styra-$stamp.dump.partial"
# pg_dump reads the same URL as Styra (postgres://user:pass@host:port/db?host=/socket).
pg_dump --format=custom --no-owner --file="$tmp" "$DATABASE_URL"
mv "$tmp" "$dir/styra-$stamp.dump"   # a backup is complete or absent, never half
find "$dir" -maxdepth 1 -name 'styra-*.dump' -mtime "+$keep" -delete
echo "$dir/styra-$stamp.dump"
