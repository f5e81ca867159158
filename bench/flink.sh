#!/usr/bin/env bash
# Flink sink throughput, and end-to-end latency at a fixed rate, against a onebox started for the run
# (its own directory, ports 41181, 41601-41603, 41801-41803). The job runs on a local Flink MiniCluster
# of parallelism 2 in one JVM (dev.pegasus.flink.bench.SinkBench); tables of 8 partitions x 3 replicas.
# Prints one table; stops and deletes the onebox at the end.
#   bench/flink.sh [--records N] [--rate PER_SECOND] [--seconds N] [--flush-ms 100,10]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

export PEGASUS_ONEBOX_DIR="$ROOT/bench/results/flink-onebox"
export PEGASUS_ZK_PORT=41181 PEGASUS_META_PORT=41601 PEGASUS_REPLICA_BASE_PORT=41801
META="127.0.0.1:$PEGASUS_META_PORT,127.0.0.1:$((PEGASUS_META_PORT + 1)),127.0.0.1:$((PEGASUS_META_PORT + 2))"

"$ROOT/bin/pegasus" build >/dev/null
# The benchmark lives with the connector's tests: Flink's jars are only on that classpath.
CP_FILE="$ROOT/flink-connector/target/bench.classpath"
(cd "$ROOT" && mvn -B -q -pl flink-connector -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" -Dmdep.outputAbsoluteArtifactFilename=true >/dev/null)
CP="$ROOT/flink-connector/target/test-classes:$ROOT/flink-connector/target/classes:$(cat "$CP_FILE")"

trap '"$ROOT/bin/pegasus" onebox clean >/dev/null' EXIT
"$ROOT/bin/pegasus" onebox clean >/dev/null
"$ROOT/bin/pegasus" onebox start >/dev/null

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB memory; $(date -u +%Y-%m-%dT%H:%MZ); load average before the run: $(cut -d" " -f1-3 /proc/loadavg)"
java -Xmx1g -XX:+UseSerialGC -Dlogback.configurationFile="$ROOT/flink-connector/src/test/resources/logback-bench.xml" \
  -cp "$CP" dev.pegasus.flink.bench.SinkBench --meta "$META" "$@"
echo "load average after the run: $(cut -d" " -f1-3 /proc/loadavg)"
