#!/usr/bin/env bash
# Measures the recommend job's end-to-end throughput with `bin/streamrec demo` on a dataset file.
# Throughput is the events sent divided by the time from the first event sent to Kafka to the last
# recommendation read back. Each parallelism given is measured in every round, alternating, so
# that machine noise hits all settings alike. Prints one line per run and a summary with each setting's median and its ratio to
# the first setting.
#
# Usage: bench/demo-throughput.sh [FILE] [ROUNDS] [PARALLELISMS...]
#   FILE          Taobao UserBehavior file (default: ../shared/data/taobao-userbehavior/UserBehavior_head110k_timeordered.csv.gz)
#   ROUNDS        runs per setting (default 2)
#   PARALLELISMS  settings to compare (default: 1 2)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FILE="${1:-$ROOT/../shared/data/taobao-userbehavior/UserBehavior_head110k_timeordered.csv.gz}"
ROUNDS="${2:-2}"
shift $(( $# > 2 ? 2 : $# )) || true
PARALLELISMS=("${@:-1 2}")
if [[ ${#PARALLELISMS[@]} -eq 1 ]]; then
  read -r -a PARALLELISMS <<< "${PARALLELISMS[0]}"
fi

if [[ ! -f "$FILE" ]]; then
  echo "bench: dataset file $FILE not found; pass its path as the first argument." >&2
  exit 1
fi

OUT="$(mktemp -d)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)  commit: $(git -C "$ROOT" rev-parse --short HEAD)  cores: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "file: $FILE"

declare -A RATES
for round in $(seq 1 "$ROUNDS"); do
  for p in "${PARALLELISMS[@]}"; do
    log="$OUT/run-p$p-r$round.txt"
    "$ROOT/bin/streamrec" demo --format taobao --file "$FILE" --parallelism "$p" \
      --kafka-port 0 --dashboard-port 0 > "$log" 2>&1
    rate="$(grep -m1 '^Throughput:' "$log" | sed -E 's/^Throughput: +([0-9,]+) events\/s.*/\1/' | tr -d ,)"
    recs="$(grep -m1 '^Recommendations emitted:' "$log" | awk '{print $3}' | tr -d ,)"
    echo "round $round parallelism $p: $rate events/s, $recs recommendations"
    RATES[$p]="${RATES[$p]:-} $rate"
  done
done

base=""
echo "summary (median events/s, ratio to parallelism ${PARALLELISMS[0]}):"
for p in "${PARALLELISMS[@]}"; do
  median="$(echo ${RATES[$p]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print (NR%2==1) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')"
  base="${base:-$median}"
  echo "  parallelism $p: $median events/s, ratio $(awk -v m="$median" -v b="$base" 'BEGIN {printf "%.2f", m/b}')"
done
echo "logs: $OUT"
