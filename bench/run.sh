#!/usr/bin/env bash
# YCSB workloads A, B, C (and E where keys are ordered), each system loaded and warmed up first, against Pegasus (onebox, 3 replicas, sync),
# a 3-member etcd cluster, Redis (appendfsync always and everysec) and raw RocksDB (sync WAL), all
# through the same YCSB client, threads and record count. Prints one table; CSV in bench/results/.
# A PNG of throughput and p99 per system goes beside the CSV.
#   bench/run.sh [--quick] [--only "pegasus etcd ..."] [--profile]      (build first: bin/pegasus build)
# --profile records the replica servers with JFR and prints where their CPU time went.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
B="$ROOT/bench"
RECORDS=100000 OPS=1000000 LIMIT=60 WARMUP=240 ROUND=10 THREADS=32 ONLY="" PROFILE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) RECORDS=10000; LIMIT=15; WARMUP=96; ROUND=6; shift ;;
    --only) ONLY="$2"; shift 2 ;;
    --profile) PROFILE=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
RESULTS="$B/results/ycsb"
CSV="$B/results/ycsb-$(date -u +%Y%m%dT%H%MZ).csv"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"

export PEGASUS_ONEBOX_DIR="$B/results/onebox"
export PEGASUS_ZK_PORT=23181 PEGASUS_META_PORT=35601 PEGASUS_REPLICA_BASE_PORT=35801
META="127.0.0.1:$PEGASUS_META_PORT,127.0.0.1:$((PEGASUS_META_PORT + 1)),127.0.0.1:$((PEGASUS_META_PORT + 2))"
trap '"$B/peers.sh" stop; "$ROOT/bin/pegasus" onebox clean >/dev/null' EXIT
"$B/peers.sh" install
"$ROOT/bin/pegasus" onebox clean >/dev/null
if [ "$PROFILE" = 1 ]; then
  mkdir -p "$RESULTS/jfr"
  export PEGASUS_SERVER_JAVA_OPTS="-XX:StartFlightRecording=filename=$RESULTS/jfr/,settings=profile,dumponexit=true"
fi
"$ROOT/bin/pegasus" onebox start >/dev/null
unset PEGASUS_SERVER_JAVA_OPTS
export PEGASUS_SKIP_BUILD=1   # the servers run from these jars until the end
"$B/peers.sh" start always

P=dev.pegasus.bench.ycsb
# system name, YCSB binding, its properties, workloads
SYSTEMS=(
  "pegasus|$P.PegasusYcsbClient|-p pegasus.meta=$META -p pegasus.replicas=3 -p pegasus.durability=sync|a b c"
  "etcd|$P.EtcdYcsbClient|-p etcd.endpoints=http://127.0.0.1:2379,http://127.0.0.1:22379,http://127.0.0.1:32379|a b c"
  "redis-always|$P.RedisYcsbClient|-p redis.port=26379|a b c"
  "redis-everysec|$P.RedisYcsbClient|-p redis.port=26379|a b c"
  "rocksdb-sync|$P.RocksDbYcsbClient|-p rocksdb.dir=$B/results/peers/rocksdb -p rocksdb.sync=true|a b c e"
)

# phase flag, workload, output file, extra args: the arguments of one site.ycsb.Client run against
# the system being measured ($db, $props), ending with YcsbPhases's separator
phase() {
  local flag="$1" workload="$2" out="$3"; shift 3
  echo "$flag" -db "$db" -P "$B/workloads/workload$workload" -threads "$THREADS" -p recordcount="$RECORDS" \
    -p operationcount="$OPS" -p maxexecutiontime="$LIMIT" -p exportfile="$out" $props "$@" --then
}

echo "system,workload,op,ops_per_s,p50_us,p99_us,p999_us,not_ok" >"$CSV"
for entry in "${SYSTEMS[@]}"; do
  IFS='|' read -r name db props workloads <<<"$entry"
  if [ -n "$ONLY" ] && [[ " $ONLY " != *" $name "* ]]; then continue; fi
  [ "$name" = redis-everysec ] && "$B/peers.sh" redis everysec
  rm -rf "$B/results/peers/rocksdb"
  # One JVM per system runs every phase (YcsbPhases), so that its client library is compiled once.
  # The load inserts every record whatever it takes: a load cut short would turn reads into cheap
  # misses, and YcsbPhases stops if it inserts fewer. Then workload A runs unmeasured, in rounds,
  # until its throughput stops rising (at most $WARMUP s): the JVM servers and the client compile
  # their hot paths for a minute or two on this kind of machine, which would otherwise weigh on
  # whichever workload comes first.
  phases=$(phase -load a "$RESULTS/$name-load.txt" -p maxexecutiontime=600
    phase -t a "$RESULTS/$name-warmup.txt" -p maxexecutiontime="$WARMUP" -p ycsbphases.steadyround="$ROUND"
    for w in $workloads; do phase -t "$w" "$RESULTS/$name-$w.txt"; done)
  # shellcheck disable=SC2086
  java -Xmx1g -cp "$B/target/pegasus-bench-0.1.0-SNAPSHOT.jar:$B/target/lib/*" dev.pegasus.bench.ycsb.YcsbPhases \
    $phases >"$RESULTS/$name.log" 2>&1 || { echo "$name: YCSB failed; see $RESULTS/$name.log" >&2; exit 1; }
  echo "$name: warmed up in $(grep -c '^warm-up round' "$RESULTS/$name.log") rounds of ${ROUND} s," \
    "the last at $(grep '^warm-up round' "$RESULTS/$name.log" | tail -1 | awk '{ print $4 }') ops/s"
  for w in $workloads; do
    # One CSV row per operation type: overall throughput, that operation's percentiles, and how many
    # of its operations did not return OK (every record was loaded, so a read that misses counts).
    awk -F', ' -v s="$name" -v w="${w^^}" '
      $1 == "[OVERALL]" && $2 == "Throughput(ops/sec)" { tput = $3 }
      $1 ~ /^\[(READ|UPDATE|INSERT|SCAN)\]$/ {
        op = substr($1, 2, length($1) - 2)
        if ($2 == "50thPercentileLatency(us)") p50[op] = $3
        if ($2 == "99thPercentileLatency(us)") p99[op] = $3
        if ($2 == "99.9PercentileLatency(us)") p999[op] = $3
        if ($2 ~ /^Return=/ && $2 != "Return=OK") bad[op] += $3
      }
      END { for (op in p50) printf "%s,%s,%s,%.0f,%s,%s,%s,%d\n", s, w, op, tput, p50[op], p99[op], p999[op], bad[op] }
    ' "$RESULTS/$name-$w.txt" | sort >>"$CSV"
  done
done

echo
echo "YCSB: $RECORDS records of 10 x 100 B, $THREADS threads, up to $OPS ops or ${LIMIT}s per workload;" \
  "$(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
awk -F, 'NR > 1 { if ($1 == "pegasus") base[$2] = $4; row[NR] = $0 }
  END {
    printf "| %-14s | %-3s | %-6s | %9s | %8s | %8s | %8s | %10s | %6s |\n", "system", "wl", "op", "ops/s", "p50 us", "p99 us", "p999 us", "vs pegasus", "not ok"
    print "|---|---|---|---|---|---|---|---|---|"
    for (i = 2; i <= NR; i++) { split(row[i], f, ",")
      ratio = (f[2] in base && base[f[2]] > 0) ? sprintf("%.2fx", f[4] / base[f[2]]) : "-"
      printf "| %-14s | %-3s | %-6s | %9s | %8s | %8s | %8s | %10s | %6s |\n", f[1], f[2], f[3], f[4], f[5], f[6], f[7], ratio, f[8] }
  }' "$CSV"
echo "CSV: $CSV; the whole run took $((SECONDS / 60)) min $((SECONDS % 60)) s"
java -cp "$B/target/pegasus-bench-0.1.0-SNAPSHOT.jar:$B/target/lib/*" dev.pegasus.bench.ResultsPlot \
  --csv "$CSV" --png "${CSV%.csv}.png"
if [ "$PROFILE" = 1 ]; then
  replica_pids=$(cat "$PEGASUS_ONEBOX_DIR"/replica*/pid)
  "$ROOT/bin/pegasus" onebox stop >/dev/null   # the servers write their recordings as they exit
  recordings=()
  for pid in $replica_pids; do recordings+=("$RESULTS"/jfr/hotspot-pid-"$pid"-*.jfr); done
  echo
  echo "Profile of the replica servers over the whole run (JFR execution samples):"
  java -cp "$B/target/pegasus-bench-0.1.0-SNAPSHOT.jar:$B/target/lib/*" dev.pegasus.bench.ProfileSummary \
    "${recordings[@]}"
fi
