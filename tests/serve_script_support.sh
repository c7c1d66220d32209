# Sourced by the shell tests of `x12kx serve`: a scratch directory removed at exit, a service
# started on a loopback port the system picks, and a clean stop checked by exit status.
# Expects $binary (the x12kx program) to be set by the caller.
work=$(mktemp -d)
service_pid=
cleanup() {
  [ -n "$service_pid" ] && kill -KILL "$service_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; cat "$work/serve.log" >&2; exit 1; }

# start_service FLAG...: runs `x12kx serve FLAG...` on 127.0.0.1 and sets $base to its URL.
start_service() {
  "$binary" serve --listen 127.0.0.1:0 --port-file "$work/port" "$@" 2>"$work/serve.log" &
  service_pid=$!
  for _ in $(seq 500); do [ -s "$work/port" ] && break; sleep 0.02; done
  [ -s "$work/port" ] || fail "no port file"
  base="http://127.0.0.1:$(cat "$work/port")"
}

# stop_service: SIGTERM, then the service must exit 0 after a clean stop.
stop_service() {
  kill -TERM "$service_pid"
  local status=0
  wait "$service_pid" || status=$?
  service_pid=
  [ "$status" = 0 ] || fail "exit status $status after SIGTERM"
  grep -q 'x12kx serve: stopped' "$work/serve.log" || fail "no clean stop in the log"
}
