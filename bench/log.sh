#!/usr/bin/env bash
# The replication log alone: 32 closed-loop writers append durable 1 KiB records (group commit), with
# segments that grow as they are written and with segments preallocated once the log is busy, in
# alternating rounds so that a noisy machine weighs on both alike. Prints one line per round.
#   bench/log.sh [--rounds N] [--records N] [--seconds S]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS=2 RECORDS=300000 SECONDS_PER_RUN=20
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --records) RECORDS="$2"; shift 2 ;;
    --seconds) SECONDS_PER_RUN="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
"$ROOT/bin/pegasus" build >/dev/null
DIR="$ROOT/bench/results/log"   # on the disk the servers use, not a tmpfs
trap 'rm -rf "$DIR"' EXIT
echo "machine: $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
for ((round = 1; round <= ROUNDS; round++)); do
  for preallocate in false true; do
    rm -rf "$DIR"
    echo "round $round, preallocate=$preallocate:"
    java -Xmx512m -cp "$(ls "$ROOT"/server/target/pegasus-server-*.jar | grep -v tests):$ROOT/server/target/lib/*" \
      dev.pegasus.server.replica.log.LogBench records="$RECORDS" threads=32 bytes=1024 seconds="$SECONDS_PER_RUN" \
      dir="$DIR" preallocate="$preallocate" 2>/dev/null | grep -v " INFO " | sed "s/^/  /"
  done
done
