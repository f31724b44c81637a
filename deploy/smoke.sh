#!/usr/bin/env bash
# Smoke test of the production stack (`.ci/run` runs it on PostgreSQL): start `make serve`, load the demo
# catalogue, request the main pages and /health/, check the log holds no private token, stop.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${SMOKE_PORT:-8190}"
base="http://127.0.0.1:$port"
log=$(mktemp)
.venv/bin/python manage.py createcachetable
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo >/dev/null
PORT="$port" MADANG_WEB_WORKERS=2 deploy/serve.sh >"$log" 2>&1 &
stack=$!
cleanup() { kill "$stack" 2>/dev/null || true; pkill -f "gunicorn -c config/gunicorn.conf.py" 2>/dev/null || true; wait "$stack" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 60); do curl -sf "$base/health/" >/dev/null && break; sleep 1; done
fail=0
for path in / /initiatives/ "/initiatives/?q=kiosk" /cities/ /organisations/ /networks/ /api/initiatives /api/openapi.json /assessment/ /training/ /pilots/ /needs/ /accounts/login/; do
  code=$(curl -s -o /dev/null -w "%{http_code}" "$base$path")
  echo "$code $path"
  [ "$code" = 200 ] || fail=1
done
health=$(curl -s "$base/health/")
echo "health: $health"
echo "$health" | grep -q '"status": "ok"' || fail=1
css=$(curl -s "$base/" | grep -o '/static/madang/madang\.[0-9a-f]*\.css' | head -n 1)
[ -n "$css" ] && [ "$(curl -s -o /dev/null -w "%{http_code}" "$base$css")" = 200 ] || { echo "no hashed stylesheet"; fail=1; }
curl -s -o /dev/null "$base/training/me/Xk3SecretToken9aLmQ2pRtY7w/"
sleep 1
if grep -q "Xk3SecretToken" "$log"; then echo "a private token reached the log"; fail=1; fi
[ "$fail" = 0 ] && echo "smoke test passed" || { echo "smoke test FAILED"; tail -n 40 "$log"; exit 1; }
