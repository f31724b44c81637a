#!/usr/bin/env bash
# Prove a backup restores: `deploy/restore_check.sh DUMP SCRATCH_URL` restores DUMP into the empty scratch
# database SCRATCH_URL, then compares every table's row count with the live database ($DATABASE_URL) and lets
# Django check the restored schema is complete (no unapplied migrations). CI runs it after the smoke test.
set -euo pipefail
dump="${1:?dump file}"
scratch="${2:?scratch database URL}"
: "${DATABASE_URL:?set DATABASE_URL to the database the dump was taken from}"
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$scratch" "$dump"
counts() {
  psql "$1" -At -c "SELECT string_agg(format('%s=%s', table_name, (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', table_name), false, true, '')))[1]::text), ' ' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
}
live=$(counts "$DATABASE_URL")
restored=$(counts "$scratch")
if [ "$live" != "$restored" ]; then
  echo "restore check FAILED: row counts differ"
  diff <(tr ' ' '\n' <<<"$live") <(tr ' ' '\n' <<<"$restored") || true
  exit 1
fi
DATABASE_URL="$scratch" .venv/bin/python manage.py migrate --check --noinput >/dev/null
tables=$(wc -w <<<"$restored")
echo "restore check passed: $tables tables, every row count equal, schema up to date"
