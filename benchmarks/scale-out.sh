#!/usr/bin/env bash
# Scale-out benchmark: N Surge server processes (separate JVMs) on one PostgreSQL, Redis and Kafka, driven with
# the same flash-sale load spread evenly over the first 1, 2, ... N of them (FlashSaleLoad.java only=scale).
# Per step: durable purchases (every press an order) and a stampede (demand far above supply), decisions/s and
# CPU-ms per decision per process (all server JVMs summed, PostgreSQL, Redis, Kafka in its own JVM, the driver).
# On a machine with fewer cores than processes the rate cannot grow with N; the figure that says whether Surge
# scales out is CPU per decision at N processes against 1 (target: at most 1.2x), from the capacity model in the
# README's operations section. Results: benchmarks/results/scale-out-<time>.json
# Usage: bash benchmarks/scale-out.sh [processes=3] [quantity=2000] [buyers=5000] [seconds=10] [connections=64]
# BENCH_INSTANCES=1 event loops per process (the same in every step, so steps compare).
set -euo pipefail
cd "$(dirname "$0")/.."

processes=${1:-3}
quantity=${2:-2000}
buyers=${3:-5000}
seconds=${4:-10}
connections=${5:-64}
port=${BENCH_PORT:-18292}
export SURGE_MANAGEMENT_PORT=$((port + 1))
mkdir -p target benchmarks/results

mvn -B -q -Pdev compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null

source benchmarks/dev-server.sh
kafka_pid=0
start_kafka_process scale
# Buyer rate limits raised (a few thousand simulated buyers stand for a far larger crowd), in every process.
export SURGE_FLASH_SALES_USER_RATE_PER_SECOND=1000000 SURGE_FLASH_SALES_USER_BURST=1000000 SURGE_FLASH_SALES_IP_RATE_PER_SECOND=0
export SURGE_HTTP_INSTANCES=${BENCH_INSTANCES:-1}
start_dev_server scale "$port" --wipe
start_more_servers scale "$port" "$processes"
pids=$server_pids
bases=$server_bases
pgport=$(grep -o 'postgresql://127.0.0.1:[0-9]*' target/bench-scale-server.log | sed -n 1p | cut -d: -f3)

out="benchmarks/results/scale-out-$(date -u +%Y%m%dT%H%M%SZ)"
status=0
java -Xmx1g -cp "$(cat target/bench-classpath.txt)" benchmarks/FlashSaleLoad.java only=scale \
  base="http://127.0.0.1:$port" naive="http://127.0.0.1:$port" servers="$bases" serverPid="$server" serverPids="$pids" \
  kafkaPid="$kafka_pid" pg="postgresql://postgres@127.0.0.1:$pgport/surge" \
  key=target/bench-scale/jwt/es256-private.pem issuer="http://localhost:$port" audience=surge-api adminEmail=admin@surge.local \
  quantity="$quantity" buyers="$buyers" seconds="$seconds" connections="$connections" out="$out" > /dev/null || status=$?
sed -n '/"scaling"/,$p' "$out.json"
echo "written: $out.json"
exit $status
