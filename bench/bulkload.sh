#!/usr/bin/env bash
# Bulk load throughput: rows/s of `bulkload generate` + `bulkload start` (SST files generated from a
# CSV onto an HDFS on 127.0.0.1, then downloaded and ingested by every replica) against writing the
# same rows through the client's batch API (batchSet, 100 rows a call, 16 calls in flight). Starts its
# own onebox (3 replica servers) and HDFS (a MiniDFSCluster) and stops both at the end. Prints one table.
#   bench/bulkload.sh [--records N] [--value-size BYTES] [--partitions P] [--batch-time-limit-s S]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RECORDS=2000000
VALUE_SIZE=20
PARTITIONS=8
BATCH_LIMIT_S=300
while [ $# -gt 0 ]; do
  case "$1" in
    --records) RECORDS="$2"; shift 2 ;;
    --value-size) VALUE_SIZE="$2"; shift 2 ;;
    --partitions) PARTITIONS="$2"; shift 2 ;;
    --batch-time-limit-s) BATCH_LIMIT_S="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

WORK="$ROOT/bench/results/bulkload"
export PEGASUS_ONEBOX_DIR="$WORK/onebox"
export PEGASUS_ZK_PORT=24281 PEGASUS_META_PORT=37701 PEGASUS_REPLICA_BASE_PORT=37901
HDFS_PORT=29100
HDFS="hdfs://127.0.0.1:$HDFS_PORT"
META="127.0.0.1:$PEGASUS_META_PORT,127.0.0.1:$((PEGASUS_META_PORT + 1)),127.0.0.1:$((PEGASUS_META_PORT + 2))"
export PEGASUS_META_SERVERS="$META"
BENCH_CP="$ROOT/bench/target/pegasus-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*"

"$ROOT/bin/pegasus" build >/dev/null
cleanup() {
  "$ROOT/bin/pegasus" onebox clean >/dev/null || true
  if [ -n "${HDFS_PID:-}" ]; then exec 7>&-; wait "$HDFS_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
rm -rf "$WORK" && mkdir -p "$WORK"
"$ROOT/bin/pegasus" onebox start >/dev/null

# HDFS runs until its input (fd 7) closes.
mkfifo "$WORK/hdfs.in"
java -Xmx1g -cp "$BENCH_CP" dev.pegasus.bench.backup.MiniHdfsServer --dir "$WORK/hdfs" --port "$HDFS_PORT" \
  <"$WORK/hdfs.in" >"$WORK/hdfs.log" 2>&1 &
HDFS_PID=$!
exec 7>"$WORK/hdfs.in"
for _ in $(seq 1 120); do grep -q ready "$WORK/hdfs.log" && break; sleep 1; done
grep -q ready "$WORK/hdfs.log" || { echo "HDFS did not start; see $WORK/hdfs.log" >&2; exit 1; }

seconds() { # command...: runs it, prints its output to stderr, and the elapsed seconds to stdout
  local start end
  start=$(date +%s%N)
  "$@" >&2
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }'
}

echo "writing $RECORDS rows ($VALUE_SIZE-byte values) to $WORK/rows.csv..." >&2
awk -v n="$RECORDS" -v size="$VALUE_SIZE" 'BEGIN {
  for (i = 0; i < n; i++) printf "user%d,s%d,%0*d\n", int(i / 4), i % 4, size, i
}' >"$WORK/rows.csv"

"$ROOT/bin/pegasus" shell --meta "$META" -e "create bulk_bench -p $PARTITIONS -r 3; create batch_bench -p $PARTITIONS -r 3" >&2

generate_s=$(seconds "$ROOT/bin/pegasus" bulkload generate --input "$WORK/rows.csv" --format csv \
  --table-partitions "$PARTITIONS" --out "$HDFS/bulkload/bulk_bench" --work-dir "$WORK/scratch")
ingest_s=$(seconds "$ROOT/bin/pegasus" bulkload start --table bulk_bench --from "$HDFS/bulkload/bulk_bench")
"$ROOT/bin/pegasus" shell --meta "$META" -e "use bulk_bench; get user0 s0; get user$(((RECORDS - 1) / 4)) s$(((RECORDS - 1) % 4))" >&2

batch_line=$(java -Xmx512m -cp "$BENCH_CP" dev.pegasus.bench.bulkload.BatchSetLoader --meta "$META" \
  --table batch_bench --input "$WORK/rows.csv" --time-limit-s "$BATCH_LIMIT_S" | tail -n 1)
echo "$batch_line" >&2
batch_rows=$(echo "$batch_line" | awk '{print $2}')
batch_s=$(echo "$batch_line" | awk '{print $5}')

per_second() { # count seconds
  awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'
}
total_s=$(awk -v a="$generate_s" -v b="$ingest_s" 'BEGIN { printf "%.2f", a + b }')
bulk_rate=$(per_second "$RECORDS" "$total_s")
batch_rate=$(per_second "$batch_rows" "$batch_s")
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB memory; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "$RECORDS rows (hash key, sort key, $VALUE_SIZE-byte value), $PARTITIONS partitions x 3 replicas, HDFS on 127.0.0.1"
printf "%-34s %12s %10s %12s\n" "path" "rows" "seconds" "rows/s"
printf "%-34s %12s %10s %12s\n" "bulkload generate" "$RECORDS" "$generate_s" "$(per_second "$RECORDS" "$generate_s")"
printf "%-34s %12s %10s %12s\n" "bulkload start (download+ingest)" "$RECORDS" "$ingest_s" "$(per_second "$RECORDS" "$ingest_s")"
printf "%-34s %12s %10s %12s\n" "generate + ingest" "$RECORDS" "$total_s" "$bulk_rate"
printf "%-34s %12s %10s %12s\n" "client batchSet" "$batch_rows" "$batch_s" "$batch_rate"
awk -v a="$bulk_rate" -v b="$batch_rate" 'BEGIN { printf "bulk load is %.1fx the rows/s of batchSet\n", a / b }'
