#!/usr/bin/env bash
# Render newsdump's HTML report in headless Chromium and save a PNG (docs/report.png by default).
#
#   scripts/screenshot_report.sh [DUMP] [OUT.png]
#
# DUMP defaults to samples/ar-seed.txt (Arabic, right-to-left, with quotes, a tweet and a related
# list): the check that the page is readable RTL in a real browser. Needs Chromium:
#   apt-get update && apt-get install -y chromium        (Debian; as root)
# The page is self-contained (inline CSS, no script, no network), so the browser runs with
# networking, sync and updates off and a throwaway profile.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
dump="${1:-samples/ar-seed.txt}"  # relative to the repository, so the page title shows no local path
out="${2:-$here/docs/report.png}"
newsdump="${NEWSDUMP:-$here/.venv/bin/newsdump}"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [[ -z "$browser" ]]; then
    echo "screenshot_report: no Chromium found (apt-get install -y chromium)" >&2
    exit 2
fi

[[ "$out" = /* ]] || out="$PWD/$out"
[[ -z "${1:-}" || "$dump" = /* ]] || dump="$PWD/$dump"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$here" && "$newsdump" inspect "$dump" --html "$work/report.html" --plain > "$work/rows.tsv")
mkdir -p "$(dirname "$out")"
"$browser" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/profile" \
    --hide-scrollbars --window-size=1280,1400 --screenshot="$out" "file://$work/report.html" 2> "$work/chromium.log" \
    || { cat "$work/chromium.log" >&2; exit 1; }
echo "screenshot_report: wrote $out" >&2
