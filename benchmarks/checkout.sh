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

source benchmarks/dev-server.sh
start_dev_server checkout "$port" --wipe

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
