#!/usr/bin/env bash
# `x12kx serve --store`: claims posted in one request are recorded, and an 835 posted in a
# later request links against them, giving the same bytes as `x12kx scan --store` run the
# same way; a second writer on the same store is refused while the service holds it.
# Usage: serve_store_test.sh X12KX_BINARY SOURCE_DIR
set -euo pipefail
binary=$1
cd "$2"
source "$(dirname "$0")/serve_script_support.sh"

claims=(fixtures/therapy-837p.x12 fixtures/therapy-837i.x12)
remits=fixtures/remits-835.x12

for f in "${claims[@]}"; do "$binary" scan -q --store "$work/cli.db" "$f" >/dev/null || true; done
"$binary" scan -q --store "$work/cli.db" "$remits" >"$work/expected" || true
grep -q '"kind":"denial"' "$work/expected" || fail "the command line linked no denial"

start_service --threads 2 --store "$work/service.db"
post() { curl --silent --show-error --max-time 30 --data-binary "@$1" "$base/v1/scan?name=$1"; }

for f in "${claims[@]}"; do post "$f" >/dev/null; done
post "$remits" >"$work/got"
cmp "$work/expected" "$work/got" || fail "835 linked through the service differs from scan --store"

# The service is the store's one writer.
if "$binary" scan -q --store "$work/service.db" "$remits" >/dev/null 2>"$work/second"; then
  fail "a second writer was let in"
fi
grep -q "one writer at a time" "$work/second" || fail "second writer: $(cat "$work/second")"

stop_service
