#!/usr/bin/env bash
# Peer systems for the YCSB comparison, all on 127.0.0.1 with data under bench/results/peers/:
#   bench/peers.sh install                 apt-get the Debian etcd and Redis packages if missing
#   bench/peers.sh start [appendfsync]     3-member etcd (client 2379/22379/32379) + Redis on 26379
#   bench/peers.sh redis <appendfsync>     restart Redis alone (always | everysec), data wiped
#   bench/peers.sh stop
set -euo pipefail
DIR="$(cd "$(dirname "$0")" && pwd)/results/peers"
REDIS_PORT=26379
CLUSTER="e1=http://127.0.0.1:2380,e2=http://127.0.0.1:22380,e3=http://127.0.0.1:32380"

wait_for() { # description, command...: up to 30 s
  local what="$1"; shift
  for _ in $(seq 60); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "$what did not come up" >&2; return 1
}

stop_pidfile() {
  [ -f "$1" ] || return 0
  local pid; pid="$(cat "$1")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$1"
}

start_redis() {
  stop_pidfile "$DIR/redis.pid"
  rm -rf "$DIR/redis" && mkdir -p "$DIR/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DIR/redis" --appendonly yes \
    --appendfsync "$1" --save '' --protected-mode yes >"$DIR/redis.log" 2>&1 &
  echo $! >"$DIR/redis.pid"
  wait_for "redis" redis-cli -p "$REDIS_PORT" ping
}

case "${1:-}" in
  install)
    if ! command -v etcd >/dev/null || ! command -v redis-server >/dev/null; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server etcd-client redis-server redis-tools
    fi ;;
  start)
    mkdir -p "$DIR"
    for i in 1 2 3; do
      base=$(( i == 1 ? 2379 : (i * 10000 + 2379) ))
      stop_pidfile "$DIR/etcd$i.pid"
      rm -rf "$DIR/etcd$i"
      etcd --name "e$i" --data-dir "$DIR/etcd$i" \
        --listen-client-urls "http://127.0.0.1:$base" --advertise-client-urls "http://127.0.0.1:$base" \
        --listen-peer-urls "http://127.0.0.1:$((base + 1))" --initial-advertise-peer-urls "http://127.0.0.1:$((base + 1))" \
        --initial-cluster "$CLUSTER" --initial-cluster-state new --initial-cluster-token ycsb \
        --quota-backend-bytes 8589934592 >"$DIR/etcd$i.log" 2>&1 &
      echo $! >"$DIR/etcd$i.pid"
    done
    wait_for "etcd" env ETCDCTL_API=3 etcdctl --endpoints=127.0.0.1:2379,127.0.0.1:22379,127.0.0.1:32379 endpoint health
    start_redis "${2:-always}" ;;
  redis) mkdir -p "$DIR"; start_redis "$2" ;;
  stop)
    for f in "$DIR"/*.pid; do stop_pidfile "$f"; done ;;
  *) echo "usage: $0 install | start [appendfsync] | redis <appendfsync> | stop" >&2; exit 2 ;;
esac
