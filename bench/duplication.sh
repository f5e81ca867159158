#!/usr/bin/env bash
# Duplication between two oneboxes on this machine (3 meta and 3 replica servers each): the source's
# write capacity without and with a duplication, the lag from a write's acknowledgement at the source
# to its visibility at the remote under a steady load at half that capacity (p50, p99, max), and the
# catch-up rate after a pause. Starts both oneboxes and stops them at the end. Prints one table.
# With --pin the source onebox and the load generator run on CPU 0 and the remote onebox on CPU 1
# (taskset), as when the remote cluster has hosts of its own: the source's loss is then the cost of
# shipping, not the remote's replicated writes taking the source's CPU.
# --duplication-mb-per-s N caps what each source replica server ships (its --duplication-mb-per-s).
#   bench/duplication.sh [--quick] [--pin] [--duplication-mb-per-s N]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_PER_PHASE=30 BACKLOG=20000 SOURCE_CPUS="" REMOTE_CPUS="" SOURCE_REPLICA_ARGS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SECONDS_PER_PHASE=10; BACKLOG=5000; shift ;;
    --pin) SOURCE_CPUS=0 REMOTE_CPUS=1; shift ;;
    --duplication-mb-per-s) SOURCE_REPLICA_ARGS="--duplication-mb-per-s $2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
WORK="$ROOT/bench/results/duplication"
BENCH_CP="$ROOT/bench/target/pegasus-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*"
SOURCE_META_PORT=39101 REMOTE_META_PORT=39301
meta_list() { echo "127.0.0.1:$1,127.0.0.1:$(($1 + 1)),127.0.0.1:$(($1 + 2))"; }
SOURCE_META=$(meta_list $SOURCE_META_PORT)
REMOTE_META=$(meta_list $REMOTE_META_PORT)

on_cpus() { # CPUS COMMAND...: runs the command (and what it starts) on those CPUs, or anywhere
  local cpus="$1"; shift
  if [ -n "$cpus" ]; then taskset -c "$cpus" "$@"; else "$@"; fi
}

onebox() { # source|remote start|stop
  if [ "$1" = source ]; then
    PEGASUS_ONEBOX_DIR="$WORK/source" PEGASUS_ZK_PORT=24581 PEGASUS_META_PORT=$SOURCE_META_PORT \
      PEGASUS_REPLICA_BASE_PORT=39201 PEGASUS_META_ARGS="--cluster-id 1 --remote-cluster remote=$REMOTE_META" \
      PEGASUS_REPLICA_ARGS="$SOURCE_REPLICA_ARGS" \
      on_cpus "$SOURCE_CPUS" "$ROOT/bin/pegasus" onebox "$2" >/dev/null
  else
    PEGASUS_ONEBOX_DIR="$WORK/remote" PEGASUS_ZK_PORT=24781 PEGASUS_META_PORT=$REMOTE_META_PORT \
      PEGASUS_REPLICA_BASE_PORT=39401 PEGASUS_META_ARGS="--cluster-id 2" \
      on_cpus "$REMOTE_CPUS" "$ROOT/bin/pegasus" onebox "$2" >/dev/null
  fi
}

"$ROOT/bin/pegasus" build >/dev/null
export PEGASUS_SKIP_BUILD=1
cleanup() {
  onebox source stop || true
  onebox remote stop || true
  rm -rf "$WORK/source" "$WORK/remote"
}
trap cleanup EXIT
rm -rf "$WORK" && mkdir -p "$WORK"
onebox remote start
onebox source start

on_cpus "$SOURCE_CPUS" java -Xmx512m -cp "$BENCH_CP" dev.pegasus.bench.duplication.DuplicationBench --source "$SOURCE_META" \
  --remote "$REMOTE_META" --remote-name remote --seconds "$SECONDS_PER_PHASE" --backlog "$BACKLOG" \
  >"$WORK/figures.txt" 2>"$WORK/bench.log"
figure() { grep "^$1=" "$WORK/figures.txt" | cut -d= -f2; }

plain=$(figure capacity_plain_ops) duplicated=$(figure capacity_duplicated_ops)
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB memory; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "two oneboxes, each 3 meta + 3 replica servers; tables of 8 partitions x 3 replicas; 1 KiB values; 16 threads"
[ -n "$SOURCE_CPUS" ] && echo "pinned: source onebox and load generator on CPU $SOURCE_CPUS, remote onebox on CPU $REMOTE_CPUS"
[ -n "$SOURCE_REPLICA_ARGS" ] && echo "source replica servers: $SOURCE_REPLICA_ARGS"
printf '%-58s %12s\n' "figure" "value"
printf '%-58s %12s\n' "source write capacity, no duplication (ops/s)" "$plain"
printf '%-58s %12s\n' "source write capacity, duplicated table (ops/s)" "$duplicated"
awk -v a="$plain" -v b="$duplicated" 'BEGIN { printf "%-58s %11.1f%%\n", "throughput lost to the duplication", 100 * (a - b) / a }'
printf '%-58s %12s\n' "steady load for the lag (ops/s, half the capacity)" "$(figure steady_rate_ops)"
printf '%-58s %12s\n' "lag p50, acknowledged at source -> readable at remote (ms)" "$(figure lag_p50_ms)"
printf '%-58s %12s\n' "lag p99 (ms)" "$(figure lag_p99_ms)"
printf '%-58s %12s\n' "lag max (ms)" "$(figure lag_max_ms)"
printf '%-58s %12s\n' "lag samples" "$(figure lag_samples)"
printf '%-58s %12s\n' "catch-up after a pause ($BACKLOG writes, records/s)" "$(figure catch_up_records_per_s)"
printf '%-58s %12s\n' "writes shipped more than once" "$(figure shipped_twice)"
