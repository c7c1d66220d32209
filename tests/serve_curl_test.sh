#!/usr/bin/env bash
# `x12kx serve` through curl, a real HTTP client from Debian: each fixture's answer, sent
# with Content-Length and chunked, must be the bytes `x12kx scan` writes; a body over the
# limit gets 413; /healthz and /metrics answer; SIGTERM ends the service with status 0.
# Usage: serve_curl_test.sh X12KX_BINARY SOURCE_DIR
set -euo pipefail
binary=$1
cd "$2"
source "$(dirname "$0")/serve_script_support.sh"

# Sizes must be positive: -1 once wrapped around to "no limit".
for size in -1 0 -5K 2TiB; do
  if timeout 5 "$binary" serve --listen 127.0.0.1:0 --max-body "$size" >/dev/null 2>&1; then
    fail "--max-body $size accepted"
  else
    [ $? = 2 ] || fail "--max-body $size: exit status not 2"
  fi
done

start_service --threads 2 --max-body 64KiB
curl_() { curl --silent --show-error --max-time 30 "$@"; }

fixtures=(fixtures/*.x12)
for f in "${fixtures[@]}"; do
  "$binary" scan -q --threads 1 "$f" >"$work/expected" || true
  [ -s "$work/expected" ] || fail "no command-line output for $f"
  curl_ --data-binary "@$f" "$base/v1/scan?name=$f" -D "$work/head" -o "$work/got"
  cmp "$work/expected" "$work/got" || fail "$f with Content-Length differs from x12kx scan"
  grep -qi '^content-type: application/x-ndjson' "$work/head" || fail "$f: content type"
  grep -qi '^transfer-encoding: chunked' "$work/head" || fail "$f: not chunked"
  curl_ -H 'Transfer-Encoding: chunked' --data-binary "@$f" "$base/v1/scan?name=$f" -o "$work/got"
  cmp "$work/expected" "$work/got" || fail "$f sent chunked differs from x12kx scan"
done

head -c 100000 /dev/zero | tr '\0' 'A' >"$work/big"
status=$(curl_ --data-binary "@$work/big" "$base/v1/scan" -o "$work/error" -w '%{http_code}')
[ "$status" = 413 ] || fail "body over the limit: status $status"
grep -q '"error":"body_too_large"' "$work/error" || fail "413 body: $(cat "$work/error")"

status=$(curl_ "$base/healthz" -o "$work/health" -w '%{http_code}')
[ "$status" = 200 ] || fail "healthz status $status"
grep -q '"status":"ready"' "$work/health" || fail "healthz body: $(cat "$work/health")"

curl_ "$base/metrics" -o "$work/metrics"
# Two requests per fixture: one with Content-Length, one chunked.
grep -q "^x12kx_requests_total{route=\"scan\",status=\"200\"} $((2 * ${#fixtures[@]}))\$" "$work/metrics" ||
  fail "metrics: $(grep requests_total "$work/metrics")"
grep -q '^x12kx_request_errors_total{reason="body_too_large"} 1$' "$work/metrics" ||
  fail "metrics: 413 not counted"

stop_service
echo "serve_curl_test: ok"
