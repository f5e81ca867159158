#!/usr/bin/env bash
# How long an online split of a table of about 1 GiB (--quick: about 100 MiB) from 8 to 16 partitions
# takes on a onebox of three replica servers, and what a mixed load (half sets, half gets) does
# meanwhile. Starts its own onebox and stops it at the end. Prints one table.
#   bench/split.sh [--quick] [--records N] [--value-size BYTES]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RECORDS=100000
VALUE_SIZE=10240
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) RECORDS=10000; shift ;;
    --records) RECORDS="$2"; shift 2 ;;
    --value-size) VALUE_SIZE="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

WORK="$ROOT/bench/results/split"
export PEGASUS_ONEBOX_DIR="$WORK/onebox"
export PEGASUS_ZK_PORT=24381 PEGASUS_META_PORT=38001 PEGASUS_REPLICA_BASE_PORT=38201
META="127.0.0.1:$PEGASUS_META_PORT,127.0.0.1:$((PEGASUS_META_PORT + 1)),127.0.0.1:$((PEGASUS_META_PORT + 2))"
BENCH_CP="$ROOT/bench/target/pegasus-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*"
. "$ROOT/bench/timeline.sh"
TABLE=split_bench

"$ROOT/bin/pegasus" build >/dev/null
export PEGASUS_SKIP_BUILD=1
cleanup() {
  if [ -n "${LOAD_PID:-}" ]; then kill "$LOAD_PID" 2>/dev/null || true; fi
  "$ROOT/bin/pegasus" onebox stop >/dev/null || true
  rm -rf "$WORK/onebox"
}
trap cleanup EXIT
rm -rf "$WORK" && mkdir -p "$WORK"
"$ROOT/bin/pegasus" onebox start >/dev/null
shell() { "$ROOT/bin/pegasus" shell --meta "$META" -e "$1"; }

echo "loading $RECORDS records of $VALUE_SIZE bytes into $TABLE (8 partitions x 3 replicas)..." >&2
java -Xmx512m -cp "$BENCH_CP" dev.pegasus.bench.backup.TableLoader --meta "$META" --table "$TABLE" \
  --records "$RECORDS" --value-size "$VALUE_SIZE" >&2
data_bytes=$(du -sb "$WORK"/onebox/replica*/data/replicas | awk '{ s += $1 } END { print s }')

java -Xmx512m -cp "$BENCH_CP" dev.pegasus.bench.scale.TimelineLoad --meta "$META" --table "$TABLE" \
  --records "$RECORDS" --value-size 1024 --seconds 60 --out "$WORK/timeline.csv" >"$WORK/load.log" 2>&1 &
LOAD_PID=$!
until [ "$(load_second)" -ge 15 ]; do sleep 1; done
started_at=$(load_second)
start_ns=$(date +%s%N)
"$ROOT/bin/pegasus" shell --meta "$META" -e "split $TABLE --wait" >&2
end_ns=$(date +%s%N)
ended_at=$(load_second)
wait "$LOAD_PID"
LOAD_PID=""
count=$(shell "use $TABLE; count_data" | tail -n 1)

echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB memory; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "table: $RECORDS records of $VALUE_SIZE bytes, $(awk -v b="$data_bytes" 'BEGIN { printf "%.2f", b / 1073741824 }') GiB on disk over 3 replicas; 8 -> 16 partitions"
awk -v ns=$((end_ns - start_ns)) 'BEGIN { printf "split: %.1f s from the command to the last child registered\n", ns / 1e9 }'
echo "after the split: $count"
echo
echo "| phase (16 threads, half set, half get, 1 KiB) | seconds | ops/s | client errors |"
echo "|---|---|---|---|"
phase "before" 3 "$started_at"
phase "splitting" "$started_at" "$((ended_at > started_at ? ended_at : started_at + 1))"
phase "after" "$((ended_at + 2))" 60
