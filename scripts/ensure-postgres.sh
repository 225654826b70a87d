#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers at 127.0.0.1:5432 with trust auth and a database `test`,
# as the test suite expects: starts it if installed but stopped, installs it (apt) if absent.
# Fails loudly otherwise: the PostgreSQL tests never skip.
set -euo pipefail

ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "PostgreSQL is not installed; installing it with apt…" >&2
  export DEBIAN_FRONTEND=noninteractive
  . "$(dirname "${BASH_SOURCE[0]}")/apt.sh"
  apt_get update -q
  apt_get install -y -q postgresql
fi

if ! ready; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "Starting PostgreSQL $version…" >&2
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  for _ in $(seq 1 30); do ready && break; sleep 1; done
fi
ready || { echo "PostgreSQL does not answer at 127.0.0.1:5432; the tests need it." >&2; exit 1; }

# Trust auth for local TCP connections (a fresh install asks for passwords) and the `test` database.
if ! psql -h 127.0.0.1 -U postgres -d postgres -Atc 'SELECT 1' >/dev/null 2>&1; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  echo "Allowing trust auth on 127.0.0.1 in $hba (a test machine)…" >&2
  sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$version" main reload >&2
  sleep 1
fi
if ! psql -h 127.0.0.1 -U postgres -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1; then
  psql -h 127.0.0.1 -U postgres -d postgres -c 'CREATE DATABASE test' >&2
fi
psql -h 127.0.0.1 -U postgres -d test -Atc 'SELECT 1' >/dev/null
echo "PostgreSQL ready at 127.0.0.1:5432 (database test)." >&2
