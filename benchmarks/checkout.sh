#!/usr/bin/env bash
# Checkout benchmark, one run (CheckoutLoad.java): the static /health/live endpoint (same-run baseline),
# shoppers looping "add to cart, check out" (closed model), then checkouts due at half that rate (open model,
# latency from when each was due). Kafka runs in a process of its own; each phase prints the CPU of the server,
# PostgreSQL, Redis, Kafka and the driver (cores, and CPU-ms per operation), and the targets as PASS/FAIL.
# Usage: bash benchmarks/checkout.sh [shoppers=64] [seconds=20]
# BENCH_CUSTOMERS=16*shoppers: registered customers, each shopper serving its share in turn (results before 2026-12-03
# had one customer per shopper, whose unpaid orders piled up by the hundred).
# BENCH_WARMUP=30: seconds of checkouts before the measured phases (results before 2026-12-03 had 5).
# BENCH_SERVER_OPTS: JVM options of the server (e.g. -XX:StartFlightRecording=filename=target/checkout.jfr,settings=profile)
set -euo pipefail
cd "$(dirname "$0")/.."

shoppers=${1:-64}
seconds=${2:-20}
port=${BENCH_PORT:-18091}
mkdir -p target benchmarks/results

mvn -B -q -Pdev compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
source benchmarks/dev-server.sh
start_kafka_process checkout
# The shoppers never pay, and register from one address: lift the per-customer limits on orders awaiting payment
# and the registrations-per-address limit (they guard real shops from hoarding and sign-up floods).
MAVEN_OPTS="${BENCH_SERVER_OPTS:-}" SURGE_ORDERS_MAX_UNPAID_ORDERS=1000000 SURGE_ORDERS_MAX_UNPAID_UNITS=1000000 SURGE_SECURITY_REGISTRATIONS_PER_ADDRESS=0 start_dev_server checkout "$port" --wipe

pgport=$(grep -o 'postgresql://127.0.0.1:[0-9]*' target/bench-checkout-server.log | sed -n 1p | cut -d: -f3)
# the classpath for PostgreSQL's JDBC driver alone: a checkpoint before each measured phase (CheckoutLoad.checkpoint)
out=$(BENCH_PG_JDBC="jdbc:postgresql://127.0.0.1:$pgport/surge?user=postgres" \
  java -cp "$(cat target/bench-classpath.txt)" benchmarks/CheckoutLoad.java "http://127.0.0.1:$port" "$shoppers" "$seconds" admin@surge.local \
  surge-admin-dev-password "$server" "$kafka_pid")
result="benchmarks/results/checkout-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# Checkout benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores; $shoppers shoppers, ${seconds}s per phase; every checkout reserves stock, writes the order,"
  echo "its line, history and outbox event in one transaction, and the relay publishes the event to Kafka (own process)."
  echo "cpu: cores busy during the phase / CPU-ms per successful operation, per process (server_jit: the server JVM's JIT compiler threads, part of server)."
  echo
  echo '```'
  echo "$out"
  echo '```'
} | tee "$result"
