#!/usr/bin/env bash
# Output parity for a port (issue 15): the same inputs must give byte-identical records.
#   scripts/parity.sh record DIR   convert with the code as it is now (before the change) into DIR
#   scripts/parity.sh check DIR    convert again into DIR/new and cmp every file with DIR's
# Inputs: the body and fine dev sets of $SHARED (default ../shared/eval; skipped when absent) and
# samples/ (with and without --features, so every line's feature values are compared too).
# NEWSDUMP picks the binary (default .venv/bin/newsdump); one worker keeps the machine free.
set -euo pipefail
mode=${1:?usage: scripts/parity.sh record|check DIR}
dir=${2:?usage: scripts/parity.sh record|check DIR}
cd "$(dirname "$0")/.."
NEWSDUMP=${NEWSDUMP:-.venv/bin/newsdump}
PYTHON=${PYTHON:-.venv/bin/python}
SHARED=${SHARED:-../shared/eval}
out=$dir
[[ $mode == check ]] && out=$dir/new
mkdir -p "$out"

convert() { "$NEWSDUMP" convert -q -w 1 "$@"; }
convert samples/ -o "$out/samples.jsonl"
convert --features samples/ -o "$out/samples-features.jsonl"
if [[ -d $SHARED/dev/dumps ]]; then
    convert "$SHARED/dev/dumps" -o "$out/dev.jsonl"
    [[ -d $dir/fine-dumps ]] || "$PYTHON" "$SHARED/score_fine.py" "$SHARED/fine/dev.jsonl" --dumps "$dir/fine-dumps" >/dev/null
    convert "$dir/fine-dumps" -o "$out/fine.jsonl"
    convert --features "$dir/fine-dumps" -o "$out/fine-features.jsonl"
else
    echo "parity: $SHARED/dev/dumps not found; samples/ only" >&2
fi
[[ $mode == record ]] && { echo "parity: baseline in $dir"; exit 0; }
status=0
for file in "$out"/*.jsonl; do
    if cmp -s "$file" "$dir/$(basename "$file")"; then
        echo "same      $(basename "$file")"
    else
        echo "DIFFERENT $(basename "$file")"; status=1
    fi
done
exit $status
