#!/usr/bin/env bash
# The long fuzz run (issue 15): every target for SECONDS seconds, one after the other (one job
# each: the machine's cores are shared), on a copy of its committed corpus, then a table of
# executions per target from libFuzzer's final stats. A finding leaves its input in
# <work>/<target>/crash-* (leak-*, oom-*, timeout-*) and makes this script exit 1.
# Usage: fuzz/run.sh SECONDS [TARGET...]   (builds build-fuzz first; WORK=<dir> keeps the runs)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
bash scripts/sanitize.sh fuzz-build  # configures build-fuzz (clang, ASan+UBSan, ccache) and builds the targets
build=build-fuzz
targets=("$@")
if ((${#targets[@]} == 0)); then
  for dir in fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
fi
work=${WORK:-$(mktemp -d)}
status=0
printf '%-20s %12s %8s %10s %s\n' target executions seconds exec/s result
for t in "${targets[@]}"; do
  mkdir -p "$work/$t/corpus"
  cp -n fuzz/corpus/"$t"/* "$work/$t/corpus/" 2>/dev/null || true
  result=ok
  ( cd "$work/$t" && ASAN_OPTIONS=detect_leaks=1 "$OLDPWD/$build/fuzz/fuzz_$t" -rss_limit_mb=2048 \
      -malloc_limit_mb=1024 -timeout=30 -max_total_time="$seconds" -print_final_stats=1 corpus \
      >log.txt 2>&1 ) || { result="FINDING (see $work/$t/log.txt)"; status=1; }
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$t/log.txt" | grep -o '[0-9]*$' || echo 0)
  time=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$work/$t/log.txt" | grep -o '[0-9]*$' || echo 0)
  printf '%-20s %12s %8s %10s %s\n' "$t" "$runs" "$seconds" "$time" "$result"
done
echo "fuzz/run.sh: logs and grown corpora in $work"
exit $status
