# Sourced by the ensure-* scripts: apt-get that waits while another apt holds its locks (an
# unattended upgrade on a fresh machine, a second checkout's script) instead of failing at once.
apt_get() {
  local try err
  for try in $(seq 1 60); do
    if err=$(apt-get -o DPkg::Lock::Timeout=600 "$@" 2>&1 >&2); then
      [[ -z $err ]] || echo "$err" >&2
      return 0
    fi
    echo "$err" >&2
    grep -q 'Could not get lock' <<<"$err" || return 1
    echo "apt is busy elsewhere; trying again in 10 s ($try/60)…" >&2
    sleep 10
  done
  return 1
}
