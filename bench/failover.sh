#!/usr/bin/env bash
# Failover time with default settings: SIGKILL the primary of a 3-replica partition of a onebox
# started for the run, and time until that partition takes writes again. Prints one row per round.
#   bench/failover.sh [--rounds N]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export PEGASUS_ONEBOX_DIR="$ROOT/bench/results/failover-onebox"
export PEGASUS_ZK_PORT=24181 PEGASUS_META_PORT=36601 PEGASUS_REPLICA_BASE_PORT=36801 PEGASUS_REPLICA_COUNT=4
trap 'bin/pegasus onebox clean >/dev/null' EXIT
bin/pegasus onebox clean >/dev/null
bin/pegasus onebox start
export PEGASUS_SKIP_BUILD=1   # the servers run from these jars until the end
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB memory; $(date -u +%Y-%m-%dT%H:%MZ)"
java -Xmx256m -cp "$ROOT/bench/target/pegasus-bench-0.1.0-SNAPSHOT.jar:$ROOT/bench/target/lib/*" \
  dev.pegasus.bench.FailoverProbe --onebox "$PEGASUS_ONEBOX_DIR" \
  --meta "127.0.0.1:$PEGASUS_META_PORT,127.0.0.1:$((PEGASUS_META_PORT + 1)),127.0.0.1:$((PEGASUS_META_PORT + 2))" "$@"
