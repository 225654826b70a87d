#!/usr/bin/env bash
# Proves the README's first command on a fresh clone: clones the committed HEAD into a temporary
# folder, runs `./cab-ledger serve --demo` there on a free port and waits for its checkpoint.
# The build uses a local Maven repository that holds none of this project's own artifacts (the
# other artifacts come from the usual one, read-only), so a build that resolves a module of this
# project from an earlier `install` instead of building it fails here as it would on a new machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

git clone -q "$root" "$work/clone"

# Maven 3.9's read-only "tail" repository: every group of the usual repository but this project's.
m2="$HOME/.m2/repository"
mkdir -p "$work/m2-tail" "$work/m2"
if [ -d "$m2" ]; then
  for group in "$m2"/*; do
    [ "$(basename "$group")" = dev ] || ln -s "$group" "$work/m2-tail/"
  done
  if [ -d "$m2/dev" ]; then
    mkdir -p "$work/m2-tail/dev"
    for group in "$m2"/dev/*; do
      [ "$(basename "$group")" = cabledger ] || ln -s "$group" "$work/m2-tail/dev/"
    done
  fi
fi
export MAVEN_ARGS="-Dmaven.repo.local=$work/m2 -Dmaven.repo.local.tail=$work/m2-tail"

cd "$work/clone"
./cab-ledger --version
touch "$work/serve.log"
./cab-ledger serve --demo --port 0 --data-dir "$work/data" >"$work/serve.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 120); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    cat "$work/serve.log" >&2
    echo "fresh clone: ./cab-ledger serve --demo exited before it served" >&2
    exit 1
  fi
  port="$(grep -o 'Tomcat started on port [0-9]*' "$work/serve.log" | grep -o '[0-9]*$' || true)"
  [ -n "$port" ] && break
  sleep 1
done
if [ -z "$port" ]; then
  cat "$work/serve.log" >&2
  echo "fresh clone: ./cab-ledger serve --demo did not start within 120 s" >&2
  exit 1
fi
for _ in $(seq 1 30); do
  if checkpoint="$(curl -sf "http://127.0.0.1:$port/api/ledger/checkpoint")"; then
    echo "fresh clone: serve --demo answered its checkpoint:"
    echo "$checkpoint" | head -n 2
    exit 0
  fi
  sleep 1
done
cat "$work/serve.log" >&2
echo "fresh clone: serve --demo answered no checkpoint on port $port" >&2
exit 1
