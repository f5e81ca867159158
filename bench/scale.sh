#!/usr/bin/env bash
# Throughput of a mixed load (half sets, half gets, 1 KiB values) before, while and after two replica
# servers join a onebox of three and the balancer gives them their share. Starts its own onebox and
# stops it at the end. Prints one table, and the per-second timeline under bench/results/scale/.
#   bench/scale.sh [--quick] [--records N]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RECORDS=200000
BEFORE=30
TOTAL=240
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) RECORDS=30000; BEFORE=20; TOTAL=120; shift ;;
    --records) RECORDS="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

WORK="$ROOT/bench/results/scale"
export PEGASUS_ONEBOX_DIR="$WORK/onebox"
export PEGASUS_ZK_PORT=24281 PEGASUS_META_PORT=37701 PEGASUS_REPLICA_BASE_PORT=37901
META="127.0.0.1:$PEGASUS_META_PORT,127.0.0.1:$((PEGASUS_META_PORT + 1)),127.0.0.1:$((PEGASUS_META_PORT + 2))"
BENCH_CP="$ROOT/bench/target/pegasus-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*"
. "$ROOT/bench/timeline.sh"
TABLE=scale_bench

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
shell "create $TABLE -p 8 -r 3" >/dev/null

echo "loading $RECORDS records of 1 KiB (8 partitions x 3 replicas)..." >&2
java -Xmx512m -cp "$BENCH_CP" dev.pegasus.bench.backup.TableLoader --meta "$META" --table "$TABLE" \
  --records "$RECORDS" --value-size 1024 >&2

java -Xmx512m -cp "$BENCH_CP" dev.pegasus.bench.scale.TimelineLoad --meta "$META" --table "$TABLE" \
  --records "$RECORDS" --seconds "$TOTAL" --out "$WORK/timeline.csv" >"$WORK/load.log" 2>&1 &
LOAD_PID=$!
until [ "$(load_second)" -ge "$BEFORE" ]; do sleep 1; done
added_at=$(load_second)
echo "second $added_at: adding two replica servers" >&2
"$ROOT/bin/pegasus" onebox add-replica >&2
"$ROOT/bin/pegasus" onebox add-replica >&2
balanced_at=""
while kill -0 "$LOAD_PID" 2>/dev/null; do
  plan=$(shell "balance")
  if echo "$plan" | grep -q "copies under way: none" && echo "$plan" | grep -q "next steps: none"; then
    balanced_at=$(load_second)
    break
  fi
  sleep 1
done
wait "$LOAD_PID"
LOAD_PID=""
[ -n "$balanced_at" ] || { echo "the balancer did not settle while the load ran; see $WORK" >&2; exit 1; }
echo "second $balanced_at: balanced" >&2
shell "balance" | tee "$WORK/balance.txt" >&2

echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB memory; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "table: 8 partitions x 3 replicas, $RECORDS records of 1 KiB; 16 client threads, half set, half get"
echo "balanced $((balanced_at - added_at)) s after two replica servers were added to three"
echo
echo "| phase | seconds | ops/s | client errors |"
echo "|---|---|---|---|"
phase "3 replica servers" 5 "$added_at"
phase "adding 2, balancing" "$added_at" "$balanced_at"
phase "5 replica servers" $((balanced_at + 5)) "$TOTAL"
