#!/usr/bin/env bash
# Regenerates the Java classes of the Thrift IDL under src/main/thrift into src/generated/java.
# The generated code is committed so that a build needs no Thrift compiler; run this after
# changing the IDL (the compiler comes from Debian's thrift-compiler package, version 0.17).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v thrift >/dev/null; then
  echo "installing thrift-compiler" >&2
  apt-get install -y -qq thrift-compiler >/dev/null
fi
rm -rf src/generated/java
mkdir -p src/generated/java
for idl in src/main/thrift/*.thrift; do
  thrift --gen java:generated_annotations=suppress,private_members=false -out src/generated/java "$idl"
done
# Requests are dispatched by our own RPC layer (dev.pegasus.protocol.rpc), not by Thrift's service
# classes, so only the structs and enums are kept.
rm -f src/generated/java/dev/pegasus/protocol/thrift/{rrdb,meta,admin_client,replica_meta,replica_replica}.java
# host_port is written bare, which the compiler cannot generate: src/main/java holds its class.
rm -f src/generated/java/dev/pegasus/protocol/thrift/host_port.java
# Base-typed fields get the STRUCT headers Apache Pegasus's clients and servers expect.
java codegen/ApacheBaseTypes.java src/generated/java
echo "generated $(find src/generated/java -name '*.java' | wc -l) classes"
