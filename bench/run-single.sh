#!/usr/bin/env bash
# Single-copy set/get throughput and latency through the client against a onebox started for the
# run (its own directory and ports), 1 KB values. Prints one table; stops everything at the end.
#   bench/run-single.sh [--quick] [extra ClientBench options]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OPS=1000000
LIMIT=120
if [ "${1:-}" = "--quick" ]; then OPS=100000; LIMIT=30; shift; fi

export PEGASUS_ONEBOX_DIR="$ROOT/bench/results/onebox"
export PEGASUS_ZK_PORT=23181 PEGASUS_META_PORT=35601 PEGASUS_REPLICA_BASE_PORT=35801
trap '"$ROOT/bin/pegasus" onebox clean >/dev/null' EXIT
"$ROOT/bin/pegasus" onebox clean >/dev/null
"$ROOT/bin/pegasus" onebox start

echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB memory; $(date -u +%Y-%m-%dT%H:%MZ)"
java -Xmx1g -cp "$ROOT/bench/target/pegasus-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
  dev.pegasus.bench.ClientBench --meta "127.0.0.1:$PEGASUS_META_PORT" --ops "$OPS" --time-limit-s "$LIMIT" "$@"
