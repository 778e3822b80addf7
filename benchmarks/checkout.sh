#!/usr/bin/env bash
# Checkout benchmark: shoppers loop "add to cart, check out" for a fixed time; the same client then
# measures the static /health/live endpoint, so the result is a same-run ratio.
# Usage: bash benchmarks/checkout.sh [shoppers=64] [seconds=20]
set -euo pipefail
cd "$(dirname "$0")/.."

shoppers=${1:-64}
seconds=${2:-20}
port=${BENCH_PORT:-18091}
mkdir -p target benchmarks/results

SURGE_HTTP_PORT=$port SURGE_DEV_DATA_DIR=target/bench-checkout SURGE_DEV_DEMO_PRODUCTS=0 SURGE_DEV_DEMO_IMAGES=0 \
  SURGE_HTTP_INSTANCES=0 setsid mvn -B -q -Pdev compile exec:java -Dexec.args=--wipe > target/bench-checkout-server.log 2>&1 &
server=$!
trap 'kill -TERM -- -$server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { tail -30 target/bench-checkout-server.log; exit 1; }
  sleep 1
done

out=$(java benchmarks/CheckoutLoad.java "http://127.0.0.1:$port" "$shoppers" "$seconds" admin@surge.local surge-admin-dev-password)
result="benchmarks/results/checkout-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# Checkout benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores; $shoppers shoppers, ${seconds}s each phase; every checkout reserves stock, writes the order,"
  echo "its line, history and outbox event in one transaction, and the relay publishes the event to Kafka."
  echo
  echo '```'
  echo "$out"
  echo '```'
} | tee "$result"
