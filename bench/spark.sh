#!/usr/bin/env bash
# The Spark connector's throughput on this machine: an online write of generated rows through
# df.write.format("pegasus"), then a full read of a backup of them with spark.read.format("pegasus")
# beside a read of the same rows stored as Parquet on the same disk (Spark local[2]). Starts its own
# onebox (ports 43xxx) and stops it at the end. Prints one table.
#   bench/spark.sh [--quick] [--rows N] [--value-size BYTES] [--jfr FILE]
# --jfr records the benchmark JVM with Java Flight Recorder (profile settings) into FILE.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROWS=100000
VALUE_SIZE=100
JFR_OPTS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) ROWS=20000; shift ;;
    --rows) ROWS="$2"; shift 2 ;;
    --value-size) VALUE_SIZE="$2"; shift 2 ;;
    --jfr) JFR_OPTS=("-XX:StartFlightRecording=filename=$(realpath -m "$2"),settings=profile"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

WORK="$ROOT/bench/results/spark"
export PEGASUS_ONEBOX_DIR="$WORK/onebox"
export PEGASUS_ZK_PORT=43181 PEGASUS_META_PORT=43601 PEGASUS_REPLICA_BASE_PORT=43801
export PEGASUS_SERVER_HEAP="${PEGASUS_SERVER_HEAP:-384m}"
export SPARK_LOCAL_IP=127.0.0.1
META="127.0.0.1:$PEGASUS_META_PORT,127.0.0.1:$((PEGASUS_META_PORT + 1)),127.0.0.1:$((PEGASUS_META_PORT + 2))"
CONNECTOR="$ROOT/spark-connector/target"
BENCH_CP="$CONNECTOR/classes:$CONNECTOR/test-classes:$CONNECTOR/lib/*"

"$ROOT/bin/pegasus" build >/dev/null
export PEGASUS_SKIP_BUILD=1   # the servers run from these jars until the end
cleanup() {
  "$ROOT/bin/pegasus" onebox clean >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
rm -rf "$WORK" && mkdir -p "$WORK"
"$ROOT/bin/pegasus" onebox start >/dev/null

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB memory; $(date -u +%Y-%m-%dT%H:%MZ)"
java -Xmx1g -XX:+UseParallelGC "${JFR_OPTS[@]}" -cp "$BENCH_CP" dev.pegasus.spark.bench.SparkBench --meta "$META" --work "$WORK" \
  --rows "$ROWS" --value-size "$VALUE_SIZE" 2> "$WORK/bench.log" || { cat "$WORK/bench.log" >&2; exit 1; }
