#!/usr/bin/env bash
# Proves that Madang installed as a package works without the checkout: builds a wheel from the checkout's files
# (what a fresh clone holds, plus uncommitted work; no var/, no compiled translations), installs it with
# `-c requirements.lock` into a fresh venv, and from an empty directory elsewhere runs `madang-admin check`,
# `migrate` on a new SQLite file, `i18n_compile`, `collectstatic`, `load_demo`, then serves it with gunicorn (DEBUG off,
# hashed static files) on a free loopback port and fetches pages, a Korean one, the stylesheet and /health/.
# Runs offline against the configured pip index. KEEP=1 keeps the temporary directory. Exit status 0: it works.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
start=$SECONDS
work="$(mktemp -d "${TMPDIR:-/tmp}/madang-installed.XXXXXX")"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
step() { echo "== $* ($((SECONDS - start))s)"; }
fail() { echo "check_installed: FAILED: $*" >&2; [ -f "$work/server.log" ] && tail -n 30 "$work/server.log" >&2; exit 1; }

step "copy the checkout's files (tracked and new, not ignored) to $work/src"
mkdir -p "$work/src"
if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$repo" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
    [ -e "$f" ] && printf '%s\0' "$f"; done | xargs -0 cp --parents -t "$work/src")
else
  (cd "$repo" && tar --exclude=./.venv --exclude=./var --exclude=./build --exclude='*.egg-info' -cf - .) | tar -C "$work/src" -xf -
fi

step "build the wheel (pip wheel --no-deps)"
"$python" -m pip wheel --no-deps --quiet -w "$work/dist" "$work/src" >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "wheel build"; }
wheel="$(ls "$work"/dist/madang-*.whl)"
listing="$("$python" -m zipfile -l "$wheel")"
for want in madang/templates/base.html madang/templates/core/home.html madang/core/static/madang/madang.css \
  madang/locale/ko/LC_MESSAGES/django.po madang/catalogue/demo_data/20_korea.json madang/assessment/data/frameworks.json \
  engines/composite/examples/asem/COINr_ASEM_iMeta.csv config/gunicorn.conf.py config/manage.py; do
  grep -q "^$want " <<<"$listing" || fail "the wheel lacks $want"
done
echo "$(basename "$wheel"): $(grep -c '\.html ' <<<"$listing") templates, $(grep -c '/static/' <<<"$listing") static files"

step "install it with -c requirements.lock into a fresh venv"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet -c "$repo/requirements.lock" "$wheel" >"$work/install.log" 2>&1 \
  || { tail -n 30 "$work/install.log"; fail "pip install"; }
[ -x "$work/venv/bin/madang-admin" ] || fail "no madang-admin console script"

# From an empty directory, nothing of the checkout on the path: its data in a var directory of its own.
mkdir -p "$work/empty" "$work/var"
cd "$work/empty"
export PATH="$work/venv/bin:$PATH" PYTHONPATH="" DJANGO_SETTINGS_MODULE=config.settings.base
export MADANG_VAR_DIR="$work/var" DATABASE_URL="sqlite:///$work/var/check.sqlite3" DJANGO_STATIC_ROOT="$work/static"
export DJANGO_SECRET_KEY="check-installed-$RANDOM-$RANDOM-$RANDOM-$RANDOM-$RANDOM-$RANDOM-$RANDOM"
export DJANGO_DEBUG=0 MADANG_STATIC_MANIFEST=1 MADANG_SEARCH_AUTO=0
site="$(python -c 'import config, pathlib; print(pathlib.Path(config.__file__).parent.parent)')"
case "$site" in "$repo"*) fail "config is imported from the checkout ($site), not the installed copy" ;; esac
echo "installed in $site"
default_var="$(env -u MADANG_VAR_DIR -u DJANGO_STATIC_ROOT -u XDG_DATA_HOME HOME="$work/home" \
  python -c 'from django.conf import settings; print(settings.VAR_DIR)')" || fail "settings do not load"
[ "$default_var" = "$work/home/.local/share/madang" ] || fail "without MADANG_VAR_DIR, data goes to $default_var"

step "madang-admin check"
madang-admin check --fail-level WARNING || fail "check"
step "madang-admin createcachetable, migrate (new SQLite file)"
madang-admin createcachetable || fail "createcachetable"
madang-admin migrate --noinput -v0 || fail "migrate"
[ -s "$work/var/check.sqlite3" ] || fail "migrate wrote no $work/var/check.sqlite3"
step "madang-admin i18n_compile"
madang-admin i18n_compile || fail "i18n_compile"
for lang in ko ja zh_Hans; do
  [ -s "$site/madang/locale/$lang/LC_MESSAGES/django.mo" ] || fail "no compiled $lang translations in the installed package"
done
step "madang-admin collectstatic"
madang-admin collectstatic --noinput -v0 || fail "collectstatic"
[ -f "$work/static/staticfiles.json" ] && ls "$work"/static/madang/madang.*.css >/dev/null 2>&1 || fail "collectstatic wrote no hashed madang.css"
step "madang-admin load_demo (demo data from the package)"
madang-admin load_demo >/dev/null || fail "load_demo"

port="$(python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
step "gunicorn -c python:config.gunicorn_conf on $base"
MADANG_BIND="127.0.0.1:$port" MADANG_WEB_WORKERS=1 MADANG_SITE_URL="$base" \
  gunicorn -c python:config.gunicorn_conf >"$work/server.log" 2>&1 &
server=$!
get() {  # get PATH [extra header]: the body, failing unless the answer is 200
  python - "$base$1" "${2:-}" <<'PY'
import sys, urllib.request
request = urllib.request.Request(sys.argv[1])
if sys.argv[2]:
    name, _, value = sys.argv[2].partition(": ")
    request.add_header(name, value)
with urllib.request.urlopen(request, timeout=30) as response:  # urllib raises on anything but 2xx/3xx
    if response.status != 200:
        sys.exit(f"{sys.argv[1]}: HTTP {response.status}")
    sys.stdout.write(response.read().decode())
PY
}
for _ in $(seq 1 60); do get /health/ >/dev/null 2>&1 && break; kill -0 "$server" 2>/dev/null || fail "gunicorn exited"; sleep 1; done
health="$(get /health/)" || fail "/health/"
grep -q '"status": "ok"' <<<"$health" || fail "/health/ is not ok: $health"
home="$(get /)" || fail "GET /"
grep -q "<html" <<<"$home" || fail "/ is not a page"
css="$(grep -o '/static/madang/madang\.[0-9a-f]*\.css' <<<"$home" | head -n 1)"
[ -n "$css" ] || fail "/ links no hashed stylesheet"
get "$css" >/dev/null || fail "GET $css"
page="$(get /initiatives/)" || fail "GET /initiatives/"
grep -q "<html" <<<"$page" || fail "/initiatives/ is not a page"
ko="$(get /initiatives/ "Cookie: django_language=ko")" || fail "GET /initiatives/ in Korean"
grep -q 'lang="ko"' <<<"$ko" || fail "/initiatives/ with django_language=ko is not in Korean"
grep -q "사업" <<<"$ko" || fail "/initiatives/ in Korean lacks the translated 'Initiatives' (사업)"
page="$(get / "Accept-Language: ko-KR,ko;q=0.9")" || fail "GET / with Accept-Language: ko"
grep -q "사업" <<<"$page" || fail "/ with Accept-Language: ko is not in Korean"
echo "200 /health/ / $css /initiatives/ /initiatives/ (ko, cookie) / (ko, Accept-Language)"

echo "check_installed: the installed package works outside the checkout ($((SECONDS - start))s)"
