#!/usr/bin/env bash
# Prints this installation's own secret key for `make demo` and `make serve`, creating secret-key (mode 600) in the
# data directory the first time: $MADANG_VAR_DIR when set (as config/settings/base.py reads it), else var/ in this
# checkout. Servers and the demo refuse the public development key; a real deployment sets DJANGO_SECRET_KEY.
set -euo pipefail
cd "$(dirname "$0")/.."
var_dir="${MADANG_VAR_DIR:-var}"
key_file="$var_dir/secret-key"
mkdir -p "$var_dir"
if [ ! -s "$key_file" ]; then
  (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(50))' > "$key_file")
fi
cat "$key_file"
