#!/bin/sh
# The reconcile output contract: builds a store from the fixtures over two "days", then
# checks every line of `x12kx reconcile` against docs/findings.schema.json.
# Usage: reconcile_schema_check.sh X12KX SOURCE_DIR
set -eu
x12kx=$1
src=$2
dir=$(mktemp -d /tmp/x12kx-reconcile-XXXXXX)
trap 'rm -rf "$dir"' EXIT
cd "$src"
"$x12kx" scan -q --store "$dir/claims.db" --received-on 20241020 -o /dev/null \
  fixtures/therapy-837p.x12 fixtures/therapy-837i.x12 fixtures/linking/days-837p.x12 \
  fixtures/linking/ladder-837p.x12 fixtures/linking/days1-835.x12
"$x12kx" scan -q --store "$dir/claims.db" --received-on 20241101 -o /dev/null \
  fixtures/remits-835.x12 fixtures/linking/ladder-835.x12 fixtures/linking/days2-835.x12 \
  fixtures/linking/days-replace-837p.x12 fixtures/linking/split-835.x12
"$x12kx" reconcile -q --store "$dir/claims.db" --as-of 2024-12-31 --open-after 30 \
  -o "$dir/report.jsonl"
for kind in claim_reconciliation remit_missing remit_unlinked remit_ambiguous; do
  grep -q "\"kind\":\"$kind\"" "$dir/report.jsonl" || { echo "no $kind record"; exit 1; }
done
/usr/bin/python3 "$src/tests/validate_findings.py" "$src/docs/findings.schema.json" \
  "$dir/report.jsonl"
