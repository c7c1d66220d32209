#!/usr/bin/env bash
# Renders the report of the golden findings in headless Chromium, checks the dumped DOM
# against numbers computed from the JSON lines (check_report_dom.py), and keeps the page,
# the DOM and a screenshot as artifacts. Exit 77 (ctest: skipped) when chromium is absent.
# Usage: browser_report_test.sh X12KX_BINARY SOURCE_DIR ARTIFACT_DIR
set -euo pipefail
binary=$1 source_dir=$2 artifacts=$3

browser=$(command -v chromium || true)
if [ -z "$browser" ]; then
  echo "SKIPPED: chromium is not installed (scripts/setup installs Debian's chromium)"
  exit 77
fi
mkdir -p "$artifacts"
findings="$source_dir/tests/golden/all-fixtures.jsonl"
"$binary" report "$findings" -o "$artifacts/report.html"

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# Only the local file is loaded; these flags keep Chromium off the (closed) network.
flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking
  --disable-component-update --disable-sync --disable-quic "--user-data-dir=$profile"
  --window-size=1280,2000)
page="file://$(cd "$artifacts" && pwd)/report.html"
timeout 120 "$browser" "${flags[@]}" --dump-dom "$page" >"$artifacts/report.dom.html" \
  2>"$artifacts/chromium.log"
timeout 120 "$browser" "${flags[@]}" --screenshot="$artifacts/report.png" "$page" \
  >>"$artifacts/chromium.log" 2>&1
python3 "$source_dir/tests/check_report_dom.py" "$findings" "$artifacts/report.dom.html" \
  "$artifacts/report.png"
echo "artifacts: $artifacts/report.html report.dom.html report.png"
