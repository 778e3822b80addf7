#!/usr/bin/env bash
# Flash-sale benchmark suite, one command: starts a dev server in benchmark mode (embedded services,
# the naive-design baseline on a second port), then FlashSaleLoad.java measures side by side the
# static endpoint, the naive design and the flash-sale path (closed model, then open model at half of
# each maximum, HdrHistogram with coordinated-omission correction), a stampede on a small sale, and
# checks the invariants against PostgreSQL. Results: benchmarks/results/flash-sale-<time>.json + .html
# Usage: bash benchmarks/flash-sale.sh [quantity=10000] [buyers=5000] [seconds=15] [connections=64]
# BENCH_INTAKE=kafka measures the Kafka intake (flashSales.intake) instead of the direct PostgreSQL write.
# Fresh crowd (buyers the server never saw, one or two presses each; with access tokens, then with sale passes):
# BENCH_FRESH=8000 buyers (0 = skip), BENCH_FRESH_QUANTITY=1000 units; BENCH_ONLY=fresh runs just that, after a warm-up.
# The pass crowd runs BENCH_FRESH_ROUNDS=3 times (new buyers and sale each time); its targets are judged on the medians
# (one crowd lasts about a second; results before 2026-12-03 are single crowds).
# BENCH_TRACING=on runs the server with OpenTelemetry tracing on (BENCH_TRACING_RATIO=0.01 sampled, OTLP/HTTP to
# BENCH_TRACING_ENDPOINT, default a port where nothing listens: spans are built and batched, exports fail quietly).
# BENCH_MONITOR=1 keeps an admin's live monitor (GET /api/v1/admin/flash-sales/{id}/live) open through the stampede,
# to compare the stampede with and without one. BENCH_ONLY=stampede runs just the stampede (after a warm-up), with
# BENCH_MONITOR=N monitors open (0-5), then BENCH_IDLE=30 idle seconds with them still open (the server's CPU then:
# the monitors' own cost, blurred by the stampede's aftermath). BENCH_ONLY=monitor-cost BENCH_MONITOR=5 BENCH_IDLE=20: after a
# stampede on a sale and a quiet spell, 20 s windows alternate with 0 and 5 monitors open on it (BENCH_PAIRS=3): the
# monitors' own CPU per stream and tick. BENCH_ONLY=durable: the naive design against the flash-sale path (every press
# accepted), then the path at half its maximum: the durable-order ratio, p99 and CPU-ms per accepted order per process. PostgreSQL and Redis CPU count only this benchmark's processes.
# It first warms the JVM for BENCH_WARMUP=30 s on each design (0: none; results before 2026-12-02T19:30Z had none).
# The driver's sockets are on epoll where Netty's native transport loads (BENCH_DRIVER_TRANSPORT=nio: Java NIO; the
# server is on NIO either way): on the 2-core box it takes 1/2 to 2/3 of the CPU per open-model request. Results
# before 2026-12-04T19:37Z had the driver on NIO.
# Buyer rate limits are raised: a few thousand simulated buyers stand for a crowd many times larger.
set -euo pipefail
cd "$(dirname "$0")/.."

quantity=${1:-10000}
buyers=${2:-5000}
seconds=${3:-15}
connections=${4:-64}
port=${BENCH_PORT:-18092}
naive_port=$((port + 1))
export SURGE_MANAGEMENT_PORT=${SURGE_MANAGEMENT_PORT:-$((port + 2))} # port + 1 is the naive design's
base="http://127.0.0.1:$port"
mkdir -p target benchmarks/results

mvn -B -q -Pdev compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null

source benchmarks/dev-server.sh
# Kafka in a process of its own, so the server's CPU figures are Surge's alone (set BENCH_KAFKA=embedded to share the JVM).
kafka_pid=0
[ "${BENCH_KAFKA:-process}" != process ] || start_kafka_process flash
SURGE_DEV_BENCH_NAIVE_PORT=$naive_port SURGE_HTTP_INSTANCES=${BENCH_INSTANCES:-0} \
  SURGE_FLASH_SALES_USER_RATE_PER_SECOND=1000000 SURGE_FLASH_SALES_USER_BURST=1000000 SURGE_FLASH_SALES_IP_RATE_PER_SECOND=0 \
  SURGE_FLASH_SALES_INTAKE=${BENCH_INTAKE:-postgres} SURGE_TRACING_ENABLED=$([ "${BENCH_TRACING:-off}" = on ] && echo true || echo false) \
  SURGE_TRACING_SAMPLE_RATIO=${BENCH_TRACING_RATIO:-0.01} SURGE_TRACING_ENDPOINT=${BENCH_TRACING_ENDPOINT:-http://127.0.0.1:$((port + 3))/v1/traces} \
  MAVEN_OPTS="-Xlog:gc,gc+phases:file=$PWD/target/bench-flash-gc.log:utctime ${BENCH_SERVER_OPTS:-}" start_dev_server flash "$port" --wipe

pgport=$(grep -o 'postgresql://127.0.0.1:[0-9]*' target/bench-flash-server.log | sed -n 1p | cut -d: -f3)
out="benchmarks/results/flash-sale-${BENCH_ONLY:+$BENCH_ONLY-}${BENCH_MONITOR:+monitor$BENCH_MONITOR-}${BENCH_INTAKE:-postgres}-${BENCH_TRACING:+tracing-$BENCH_TRACING-}$(date -u +%Y%m%dT%H%M%SZ)"
status=0
java -Xmx1g -Xlog:gc:file=$PWD/target/bench-flash-driver-gc.log:utctime ${BENCH_DRIVER_OPTS:-} -cp "$(cat target/bench-classpath.txt)" benchmarks/FlashSaleLoad.java \
  base="$base" naive="http://127.0.0.1:$naive_port" pg="postgresql://postgres@127.0.0.1:$pgport/surge" \
  key=target/bench-flash/jwt/es256-private.pem issuer="${SURGE_JWT_ISSUER:-http://localhost:$port}" audience=surge-api adminEmail=admin@surge.local \
  quantity="$quantity" buyers="$buyers" seconds="$seconds" connections="$connections" serverPid="$server" metrics="http://127.0.0.1:$management_port/metrics" kafkaPid="$kafka_pid" out="$out" gcLog=target/bench-flash-gc.log driverGcLog=target/bench-flash-driver-gc.log \
  fresh="${BENCH_FRESH:-8000}" freshQuantity="${BENCH_FRESH_QUANTITY:-1000}" freshRounds="${BENCH_FRESH_ROUNDS:-3}" only="${BENCH_ONLY:-all}" monitor="${BENCH_MONITOR:-0}" idle="${BENCH_IDLE:-30}" warmup="${BENCH_WARMUP:-30}" pairs="${BENCH_PAIRS:-3}" dataDir=target/bench-flash transport="${BENCH_DRIVER_TRANSPORT:-epoll}" > /dev/null || status=$?

sed -n '/"ratios"/,/^  }/p;/"orders_written_out"/,/^  }/p;/"invariants"/,/^  }/p;/"targets"/,/^    }/p;/"idle_after"/,/^  }/p' "$out.json"
echo "written: $(ls "$out".* | tr "\n" " ")"
exit $status
