#!/usr/bin/env bash
# Where the replica servers' CPU goes per operation: starts a onebox of its own, writes 1 KiB values
# into a table of 8 partitions x 3 replicas (sync) with ClientBench in rounds (the first ones warm the
# JVMs up; with --phase get the first also loads the records and the others read them), and prints
# the CPU time of every thread kind of the three replica servers during the last round, from /proc
# (GC and JIT compiler threads included, which a Java profiler misses). CPU per operation moves far
# less than throughput when something else runs on the machine.
#   bench/thread-cpu.sh [--rounds N] [--ops N] [--phase set|get]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROUNDS=3 OPS=30000 PHASE=set
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --ops) OPS="$2"; shift 2 ;;
    --phase) PHASE="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
export PEGASUS_ONEBOX_DIR="$ROOT/bench/results/thread-cpu-onebox"
export PEGASUS_ZK_PORT=25181 PEGASUS_META_PORT=38601 PEGASUS_REPLICA_BASE_PORT=38801
META="127.0.0.1:38601,127.0.0.1:38602,127.0.0.1:38603"
CP="$ROOT/bench/target/pegasus-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*"
trap '"$ROOT/bin/pegasus" onebox clean >/dev/null' EXIT
"$ROOT/bin/pegasus" onebox clean >/dev/null
"$ROOT/bin/pegasus" onebox start >/dev/null
export PEGASUS_SKIP_BUILD=1   # the servers run from these jars until the end
pids=$(cat "$PEGASUS_ONEBOX_DIR"/replica*/pid)
ticks_per_ms=$(awk -v hz="$(getconf CLK_TCK)" 'BEGIN { print hz / 1000 }')

# shellcheck source=bench/lib/thread-ticks.sh
. "$ROOT/bench/lib/thread-ticks.sh"
server_ticks() { # thread kind, user and kernel CPU ticks, summed over the servers
  local pid entries=()
  for pid in $pids; do entries+=("server=$pid"); done
  thread_ticks "${entries[@]}" | awk '{ sub(/^server\//, "", $1); u[$1] += $2; k[$1] += $3 }
    END { for (n in u) print n, u[n], k[n] }' | LC_ALL=C sort
}

for ((round = 1; round <= ROUNDS; round++)); do
  [ "$round" = "$ROUNDS" ] && server_ticks >"$PEGASUS_ONEBOX_DIR/before"
  phases="$PHASE"
  [ "$round" = 1 ] && [ "$PHASE" != set ] && phases="set,$PHASE"
  line=$(java -Xmx1g -cp "$CP" dev.pegasus.bench.ClientBench --meta "$META" --table cpu --replicas 3 \
    --durability sync --ops "$OPS" --records "$OPS" --time-limit-s 60 --phases "$phases" 2>/dev/null |
    grep "^$PHASE ")
  echo "round $round: $line"
done
server_ticks >"$PEGASUS_ONEBOX_DIR/after"
writes=$(echo "$line" | awk '{ print $2 }')
echo
echo "CPU of the three replica servers in the last round, by thread, per $PHASE (user + kernel):"
LC_ALL=C join -a 2 -e 0 -o 0,1.2,1.3,2.2,2.3 "$PEGASUS_ONEBOX_DIR/before" "$PEGASUS_ONEBOX_DIR/after" |
  awk -v w="$writes" -v tpm="$ticks_per_ms" '$4 + $5 > $2 + $3 {
      user = ($4 - $2) / tpm; kernel = ($5 - $3) / tpm; ms = user + kernel
      total += ms; totalUser += user; totalKernel += kernel
      printf "| %s | %.0f ms | %.0f us | %.0f + %.0f us |\n", $1, ms, ms * 1000 / w, user * 1000 / w, kernel * 1000 / w }
    END { printf "| all threads | %.0f ms | %.0f us | %.0f + %.0f us |\n", total, total * 1000 / w,
      totalUser * 1000 / w, totalKernel * 1000 / w }' | sort -t'|' -k3 -rn
