#!/usr/bin/env bash
# Prints this checkout's own secret key for `make demo` and `make serve`, creating var/secret-key (mode 600) the
# first time. Servers and the demo refuse the public development key; a real deployment sets DJANGO_SECRET_KEY.
set -euo pipefail
cd "$(dirname "$0")/.."
key_file=var/secret-key
mkdir -p var
if [ ! -s "$key_file" ]; then
  (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(50))' > "$key_file")
fi
cat "$key_file"
