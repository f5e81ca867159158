#!/usr/bin/env bash
# Backup and restore throughput of a table of about 1 GiB (--quick: about 100 MiB) to an HDFS on
# 127.0.0.1 (a MiniDFSCluster: one NameNode, one DataNode), beside plain copies of the same files
# to and from HDFS (as `hdfs dfs -put` / `-get` do them) as the limit. Starts its own onebox and HDFS
# and stops both at the end. Prints one table.
#   bench/backup.sh [--quick] [--records N] [--value-size BYTES]
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

WORK="$ROOT/bench/results/backup"
export PEGASUS_ONEBOX_DIR="$WORK/onebox"
export PEGASUS_ZK_PORT=24181 PEGASUS_META_PORT=37601 PEGASUS_REPLICA_BASE_PORT=37801
HDFS_PORT=29000
HDFS="hdfs://127.0.0.1:$HDFS_PORT"
META="127.0.0.1:$PEGASUS_META_PORT,127.0.0.1:$((PEGASUS_META_PORT + 1)),127.0.0.1:$((PEGASUS_META_PORT + 2))"
BENCH_CP="$ROOT/bench/target/pegasus-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*"
TABLE=backup_bench

"$ROOT/bin/pegasus" build >/dev/null
export PEGASUS_SKIP_BUILD=1
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

echo "loading $RECORDS records of $VALUE_SIZE bytes into $TABLE (8 partitions x 3 replicas)..." >&2
java -Xmx512m -cp "$BENCH_CP" dev.pegasus.bench.backup.TableLoader --meta "$META" --table "$TABLE" \
  --records "$RECORDS" --value-size "$VALUE_SIZE" >&2

backup_s=$(seconds "$ROOT/bin/pegasus" backup start --meta "$META" --table "$TABLE" --to "$HDFS/backups")
backup_id=$("$ROOT/bin/pegasus" backup list --from "$HDFS/backups" --table "$TABLE" | awk 'NR==2 {print $2}')
backup_bytes=$("$ROOT/bin/pegasus" backup list --from "$HDFS/backups" --table "$TABLE" | awk 'NR==2 {print $5}')

get_s=$(seconds java -Xmx512m -cp "$BENCH_CP" dev.pegasus.bench.backup.TreeCopy \
  --from "$HDFS/backups/$TABLE/$backup_id" --to "file://$WORK/local-copy")
put_s=$(seconds java -Xmx512m -cp "$BENCH_CP" dev.pegasus.bench.backup.TreeCopy \
  --from "file://$WORK/local-copy" --to "$HDFS/put-baseline")
restore_s=$(seconds "$ROOT/bin/pegasus" restore --meta "$META" --from "$HDFS/backups" --backup "$backup_id" \
  --as "${TABLE}_restored")
verify_s=$(seconds "$ROOT/bin/pegasus" backup verify --from "$HDFS/backups" --backup "$backup_id")

rate() { # bytes seconds -> MiB/s
  awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / s / 1048576 }'
}
per_second() { # count seconds
  awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'
}
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB memory; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "table: $RECORDS records x $VALUE_SIZE bytes, 8 partitions x 3 replicas; backup $backup_id holds $backup_bytes bytes"
printf '| %-38s | %8s | %10s | %10s |\n' "operation" "seconds" "MiB/s" "records/s"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..40})" "----------" "------------" "------------"
printf '| %-38s | %8.1f | %10s | %10s |\n' "backup to HDFS (checkpoint + upload)" "$backup_s" \
  "$(rate "$backup_bytes" "$backup_s")" "$(per_second "$RECORDS" "$backup_s")"
printf '| %-38s | %8.1f | %10s | %10s |\n' "plain put of the same files to HDFS" "$put_s" \
  "$(rate "$backup_bytes" "$put_s")" "-"
printf '| %-38s | %8.1f | %10s | %10s |\n' "restore as a new table (3 replicas)" "$restore_s" \
  "$(rate "$backup_bytes" "$restore_s")" "$(per_second "$RECORDS" "$restore_s")"
printf '| %-38s | %8.1f | %10s | %10s |\n' "plain get of the same files from HDFS" "$get_s" \
  "$(rate "$backup_bytes" "$get_s")" "-"
printf '| %-38s | %8.1f | %10s | %10s |\n' "backup verify (read, checksum, count)" "$verify_s" \
  "$(rate "$backup_bytes" "$verify_s")" "$(per_second "$RECORDS" "$verify_s")"
