#!/usr/bin/env bash
# `make serve`: Madang's production stack on this machine, as docs/deploy.md runs it on a server: gunicorn with
# DEBUG off and hashed static files, and the job worker, against $DATABASE_URL (SQLite in var/ when unset).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
  # A key of this checkout's own, kept out of git: production refuses the public development key.
  DJANGO_SECRET_KEY="$(deploy/secret_key.sh)"
  export DJANGO_SECRET_KEY
fi
export DJANGO_DEBUG=0 MADANG_STATIC_MANIFEST=1
# Each gunicorn worker keeps its database connection for a minute instead of opening one per request.
export DATABASE_CONN_MAX_AGE="${DATABASE_CONN_MAX_AGE:-60}"
export MADANG_BIND="${MADANG_BIND:-127.0.0.1:${PORT:-8000}}"
export MADANG_SITE_URL="${MADANG_SITE_URL:-http://$MADANG_BIND}"
# The cache table first: data migrations save models, and each save marks the cached public pages stale there.
"$PY" manage.py createcachetable
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py collectstatic --noinput -v0
"$PY" manage.py run_worker &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null || true' EXIT
echo "Madang (production stack) at $MADANG_SITE_URL/  (health: $MADANG_SITE_URL/health/)"
.venv/bin/gunicorn -c config/gunicorn.conf.py
