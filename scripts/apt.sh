# Sourced by the ensure-* scripts: apt-get that waits while another apt holds its locks (an
# unattended upgrade on a fresh machine, a second checkout's script) instead of failing at once.
# apt's progress goes to stderr as it comes; its errors are kept to tell a busy lock from a failure.
apt_get() {
  local try errors
  errors=$(mktemp)
  for try in $(seq 1 60); do
    if apt-get -o DPkg::Lock::Timeout=600 "$@" >&2 2>"$errors"; then
      cat "$errors" >&2
      rm -f "$errors"
      return 0
    fi
    cat "$errors" >&2
    if ! grep -q 'Could not get lock' "$errors"; then
      rm -f "$errors"
      return 1
    fi
    echo "apt is busy elsewhere; trying again in 10 s ($try/60)…" >&2
    sleep 10
  done
  rm -f "$errors"
  return 1
}
