#!/usr/bin/env bash
# Set/get throughput and latency through the client against a onebox started for the run (its own
# directory and ports), 1 KB values. Prints one table per configuration; stops everything at the end.
#   bench/run-cluster.sh [--quick] [--configs "1:sync 3:sync 3:async"] [extra ClientBench options]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OPS=1000000
LIMIT=120
CONFIGS="1:sync 3:sync 3:async"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) OPS=100000; LIMIT=30; shift ;;
    --configs) CONFIGS="$2"; shift 2 ;;
    *) break ;;
  esac
done

export PEGASUS_ONEBOX_DIR="$ROOT/bench/results/onebox"
export PEGASUS_ZK_PORT=23181 PEGASUS_META_PORT=35601 PEGASUS_REPLICA_BASE_PORT=35801
trap '"$ROOT/bin/pegasus" onebox clean >/dev/null' EXIT
"$ROOT/bin/pegasus" onebox clean >/dev/null
"$ROOT/bin/pegasus" onebox start
export PEGASUS_SKIP_BUILD=1   # the servers run from these jars until the end
META="127.0.0.1:$PEGASUS_META_PORT,127.0.0.1:$((PEGASUS_META_PORT + 1)),127.0.0.1:$((PEGASUS_META_PORT + 2))"

echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB memory; $(date -u +%Y-%m-%dT%H:%MZ)"
for config in $CONFIGS; do
  replicas="${config%%:*}"
  durability="${config##*:}"
  echo
  java -Xmx1g -cp "$ROOT/bench/target/pegasus-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
    dev.pegasus.bench.ClientBench --meta "$META" --table "bench_r${replicas}_${durability}" \
    --replicas "$replicas" --durability "$durability" --ops "$OPS" --time-limit-s "$LIMIT" "$@"
done
