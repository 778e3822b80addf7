#!/usr/bin/env bash
# Support chat benchmark: C customers + C/5 agents on WebSockets to one server instance; customers
# open conversations (assigned round robin), then write every INTERVAL s and agents answer each one.
# Reports server memory per connection and message latency p50/p90/p99 both ways.
# Usage: bash benchmarks/chat.sh [customers=8334] [seconds=60] [interval=10]   (8334 + 1667 agents = 10 001 connections)
# BENCH_RATES="200,400,800,1600": one phase of SECONDS per rate (messages/s, both ways) on the same connections,
# instead of the interval; each phase prints p50/p90/p99 and CPU-ms per message (server, PostgreSQL, Redis, driver).
# BENCH_PROCESSES=N: N server processes (JVMs of their own on the same PostgreSQL, Redis and Kafka), connections
# spread over them so most conversations cross processes; CPU "server" is all of them together.
# BENCH_SERVER_OPTS: JVM options of the server (e.g. -XX:StartFlightRecording=filename=target/chat.jfr,settings=profile).
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
# 10 001 hellos on a loaded 2-core box can take longer than the 10 s a connection has to say hello
export SURGE_CHAT_HELLO_SECONDS=${SURGE_CHAT_HELLO_SECONDS:-60}
processes=${BENCH_PROCESSES:-1}
if [ "$processes" -gt 1 ]; then
  mvn -B -q -Pdev compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
fi
MAVEN_OPTS="${BENCH_SERVER_OPTS:-}" start_dev_server chat "$port" --wipe
pid=$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
server_pids=$pid
server_bases="http://127.0.0.1:$port"
if [ "$processes" -gt 1 ]; then
  start_more_servers chat "$port" "$processes"
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
jdbc=$(grep -o 'jdbc:postgresql://[^" ]*' target/bench-chat-server.log | head -1)
pgjar=$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)
out=$(java -Xmx2g ${BENCH_DRIVER_OPTS:-} -cp "$pgjar" benchmarks/ChatLoad.java "$server_bases" "$jdbc" "$data/jwt/es256-private.pem" \
  "${SURGE_JWT_ISSUER:-http://localhost:$port}" surge-api "$server_pids" "$customers" "$seconds" "$interval" \
  "http://127.0.0.1:$management_port" "${BENCH_RATES:-}")
result="benchmarks/results/chat-${BENCH_LABEL:+$BENCH_LABEL-}$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# Support chat benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores (shared with the load client, PostgreSQL, Redis and Kafka); $processes server process(es)"
  echo "($(nproc) event loops each). Every message is stored in PostgreSQL before its ack and fanned out through Redis pub/sub."
  echo "Commit $(git rev-parse --short HEAD)${BENCH_LABEL:+ ($BENCH_LABEL)}; load average before the run: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo '```'
  echo "$out"
  echo '```'
} | tee "$result"
