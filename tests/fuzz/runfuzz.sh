#!/bin/sh
# Runs one libFuzzer target for a bounded time: first every seed and every past crash (the
# regressions), then new inputs mutated from them, for SECONDS. New inputs go to a scratch folder,
# never into the source tree; a crash leaves its input in ARTIFACTS and fails the test (copy it into
# tests/fuzz/regressions/<target>/ with the fix).
#   runfuzz.sh BINARY SEEDS REGRESSIONS SECONDS ARTIFACTS
set -eu
bin=$1; seeds=$2; regressions=$3; seconds=$4; artifacts=$5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$artifacts"
log="$work/log"
set +e
"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$artifacts/" "$work" "$seeds" "$regressions" >"$log" 2>&1
rc=$?
set -e
grep -E '^(stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb)' "$log" || true
if [ "$rc" -ne 0 ]; then
  tail -n 60 "$log"
  echo "$(basename "$bin"): failed (exit $rc); the input is in $artifacts" >&2
  exit 1
fi
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
echo "$(basename "$bin"): ${execs:-?} executions in ${seconds} s, no crash, no hang"
