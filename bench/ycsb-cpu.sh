#!/usr/bin/env bash
# Where the CPU goes in a YCSB workload against Pegasus, client included: starts a onebox of its own
# (3 replicas, sync), runs the YCSB load, 15 s of workload A unmeasured and then the workload asked
# for, all in one YcsbPhases JVM as bench/run.sh does, and prints the CPU (user + kernel) of every
# process and of each kind of thread during the middle of the measured workload, from /proc, per
# operation. Build first: bin/pegasus build.
#   bench/ycsb-cpu.sh [--workload a|b|c] [--seconds N]
# YCSB_PROPS adds properties to every phase (e.g. "-p pegasus.io_threads=1").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
B="$ROOT/bench"
WORKLOAD=c SECONDS_RUN=30
while [ $# -gt 0 ]; do
  case "$1" in
    --workload) WORKLOAD="$2"; shift 2 ;;
    --seconds) SECONDS_RUN="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$SECONDS_RUN" -ge 20 ] || { echo "--seconds must be at least 20" >&2; exit 2; }
OUT="$B/results/ycsb-cpu"
rm -rf "$OUT" && mkdir -p "$OUT"
export PEGASUS_ONEBOX_DIR="$OUT/onebox"
export PEGASUS_ZK_PORT=26181 PEGASUS_META_PORT=39601 PEGASUS_REPLICA_BASE_PORT=39801
META="127.0.0.1:$PEGASUS_META_PORT,127.0.0.1:$((PEGASUS_META_PORT + 1)),127.0.0.1:$((PEGASUS_META_PORT + 2))"
ycsb_pid=""
trap '[ -n "$ycsb_pid" ] && kill "$ycsb_pid" 2>/dev/null; "$ROOT/bin/pegasus" onebox clean >/dev/null' EXIT
"$ROOT/bin/pegasus" onebox clean >/dev/null
"$ROOT/bin/pegasus" onebox start >/dev/null

props="-db dev.pegasus.bench.ycsb.PegasusYcsbClient -threads 32 -p recordcount=10000 -p operationcount=100000000
  -p pegasus.meta=$META -p pegasus.replicas=3 -p pegasus.durability=sync ${YCSB_PROPS:-}"
# shellcheck disable=SC2086
java -Xmx1g -cp "$B/target/pegasus-bench-0.1.0-SNAPSHOT.jar:$B/target/lib/*" dev.pegasus.bench.ycsb.YcsbPhases \
  -load $props -P "$B/workloads/workloada" -p maxexecutiontime=600 -p exportfile="$OUT/load.txt" --then \
  -t $props -P "$B/workloads/workloada" -p maxexecutiontime=15 -p exportfile="$OUT/warmup.txt" --then \
  -t $props -P "$B/workloads/workload$WORKLOAD" -p maxexecutiontime="$SECONDS_RUN" -p exportfile="$OUT/run.txt" \
  >"$OUT/ycsb.log" 2>&1 &
ycsb_pid=$!

# shellcheck source=bench/lib/thread-ticks.sh
. "$B/lib/thread-ticks.sh"
ticks() { # process/thread-kind user kernel, in clock ticks, for the servers and the YCSB client
  local dir entries=("ycsb=$ycsb_pid")
  for dir in "$PEGASUS_ONEBOX_DIR"/*/; do entries+=("$(basename "$dir")=$(cat "$dir/pid")"); done
  thread_ticks "${entries[@]}"
}

until [ -f "$OUT/warmup.txt" ]; do
  kill -0 "$ycsb_pid" 2>/dev/null || { echo "YCSB stopped early; see $OUT/ycsb.log" >&2; exit 1; }
  sleep 0.5
done
sleep 3
ticks >"$OUT/before"; start=$(date +%s.%N)
sleep $((SECONDS_RUN - 10))
ticks >"$OUT/after"; end=$(date +%s.%N)
wait "$ycsb_pid"; ycsb_pid=""
ops=$(awk -F', ' '$1 == "[OVERALL]" && $2 == "Throughput(ops/sec)" { printf "%.0f", $3 }' "$OUT/run.txt")
hz=$(getconf CLK_TCK)
echo "workload $WORKLOAD: $ops ops/s over ${SECONDS_RUN} s; CPU from $(printf '%.1f' "$(echo "$end - $start" | bc)") s in its middle"
echo
echo "| process / thread kind | cores | per operation, user + kernel |"
echo "|---|---|---|"
LC_ALL=C join "$OUT/before" "$OUT/after" | awk -v hz="$hz" -v ops="$ops" -v s="$(echo "$end - $start" | bc)" '
  { split($1, id, "/"); u = ($4 - $2) / hz; k = ($5 - $3) / hz
    pu[id[1]] += u; pk[id[1]] += k; tu[$1] = u; tk[$1] = k }
  END {
    for (p in pu) if (pu[p] + pk[p] > 0.005 * s)
      printf "%s 0\t| %s | %.2f | %.0f + %.0f us |\n", p, p, (pu[p] + pk[p]) / s, pu[p] * 1e6 / s / ops, pk[p] * 1e6 / s / ops
    for (t in tu) if (tu[t] + tk[t] > 0.01 * s) {
      split(t, id, "/")
      printf "%s 1%s\t| %s | %.2f | %.0f + %.0f us |\n", id[1], id[2], t, (tu[t] + tk[t]) / s, tu[t] * 1e6 / s / ops, tk[t] * 1e6 / s / ops
    }
  }' | LC_ALL=C sort | cut -f2
