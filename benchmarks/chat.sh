#!/usr/bin/env bash
# Support chat benchmark: C customers + C/5 agents on WebSockets to one server instance; customers
# open conversations (assigned round robin), then write every INTERVAL s and agents answer each one.
# Reports server memory per connection and message latency p50/p90/p99 both ways.
# Usage: bash benchmarks/chat.sh [customers=8334] [seconds=60] [interval=10]   (8334 + 1667 agents = 10 001 connections)
set -euo pipefail
cd "$(dirname "$0")/.."

customers=${1:-8334}
seconds=${2:-60}
interval=${3:-10}
port=${BENCH_PORT:-18093}
data=target/bench-chat
mkdir -p target benchmarks/results
ulimit -n "$(ulimit -Hn)"

source benchmarks/dev-server.sh
start_dev_server chat "$port" --wipe

pid=$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
jdbc=$(grep -o 'jdbc:postgresql://[^" ]*' target/bench-chat-server.log | head -1)
pgjar=$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)
out=$(java -Xmx2g -cp "$pgjar" benchmarks/ChatLoad.java "http://127.0.0.1:$port" "$jdbc" "$data/jwt/es256-private.pem" \
  "${SURGE_JWT_ISSUER:-http://localhost:$port}" surge-api "$pid" "$customers" "$seconds" "$interval" \
  "http://127.0.0.1:$management_port")
result="benchmarks/results/chat-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# Support chat benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores (shared with the load client, PostgreSQL, Redis and Kafka); one server instance"
  echo "($(nproc) event loops). Every message is stored in PostgreSQL before its ack and fanned out through Redis pub/sub."
  echo
  echo '```'
  echo "$out"
  echo '```'
} | tee "$result"
