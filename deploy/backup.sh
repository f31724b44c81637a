#!/usr/bin/env bash
# Back up Madang's PostgreSQL database: `deploy/backup.sh [DIR]` writes DIR/madang-YYYYmmdd-HHMMSS.dump
# (pg_dump's custom format: compressed, restorable table by table). Run it daily from a systemd timer or cron and
# copy the files off the machine. DATABASE_URL names the database.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL=postgres://user:pass@host:5432/db}"
dir="${1:-var/backups}"
mkdir -p "$dir"
out="$dir/madang-$(date -u +%Y%m%d-%H%M%S).dump"
pg_dump --format=custom --no-owner --no-privileges --file="$out" "$DATABASE_URL"
echo "$out"
