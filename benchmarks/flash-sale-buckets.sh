#!/usr/bin/env bash
# A hot sale beyond one Redis core (flashSales.gateBuckets): one run measures the gate with K = 1, 2 and 4 buckets
# against the same embedded Redis Cluster (3 masters + 3 replicas, io.surge.dev.EmbeddedRedisCluster in a process of
# its own) and prints, per K, the gate's decisions/s (every buyer has bought their one unit; each further press is one
# Lua script answering 409 over-the-limit, no PostgreSQL write) and CPU-ms per decision for the server, each
# redis-server (master or replica), PostgreSQL and the driver, with ratios against K = 1; then a stampede on a small
# sale per K (buckets empty unevenly and borrow) whose invariants must hold: exactly the quantity sold, every 202 an order.
# Usage: bash benchmarks/flash-sale-buckets.sh [quantity=1000] [buyers=5000] [seconds=15] [connections=64]
# BENCH_BUCKETS="1 2 4" chooses the K values. Results: benchmarks/results/flash-sale-buckets-<time>.{json,md}
set -euo pipefail
cd "$(dirname "$0")/.."

quantity=${1:-1000}
buyers=${2:-5000}
seconds=${3:-15}
connections=${4:-64}
port=${BENCH_PORT:-18192}
export SURGE_MANAGEMENT_PORT=$((port + 2))
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=benchmarks/results/flash-sale-buckets-$stamp
mkdir -p target benchmarks/results

mvn -B -q -Pdev compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
source benchmarks/dev-server.sh
start_kafka_process buckets
cluster_log=target/bench-buckets-redis.log
java -Xmx256m -cp "target/dev/classes:target/classes:$(cat target/bench-classpath.txt)" io.surge.dev.EmbeddedRedisCluster \
  target/bench-buckets-redis > "$cluster_log" 2>&1 &
cluster_pid=$!
cleanup() {
  [ "${server:-0}" = 0 ] || kill -TERM -- -"$server" 2>/dev/null || true
  kill "$kafka_pid" "$cluster_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 120); do grep -q '^uri=' "$cluster_log" && break; kill -0 $cluster_pid || { tail -20 "$cluster_log"; exit 1; }; sleep 1; done
redis_uri=$(grep '^uri=' "$cluster_log" | cut -d= -f2)
[ -n "$redis_uri" ] || { tail -20 "$cluster_log"; exit 1; }
# name:pid for each node, e.g. redis-7001-master:12345
pids=$(grep '^nodes=' "$cluster_log" | cut -d= -f2 | tr ',' '\n' | awk -F: '{printf "%sredis-%s-%s:%s", sep, $1, $3, $2; sep=","}')
echo "cluster: $pids"

for k in ${BENCH_BUCKETS:-1 2 4}; do
  SURGE_REDIS_TYPE=cluster SURGE_REDIS_URI=$redis_uri SURGE_FLASH_SALES_GATE_BUCKETS=$k SURGE_HTTP_INSTANCES=${BENCH_INSTANCES:-0} \
    SURGE_FLASH_SALES_USER_RATE_PER_SECOND=1000000 SURGE_FLASH_SALES_USER_BURST=1000000 SURGE_FLASH_SALES_IP_RATE_PER_SECOND=0 \
    SURGE_TRACING_ENABLED=false start_dev_server buckets-$k "$port" --wipe
  trap cleanup EXIT # start_dev_server set its own
  pgport=$(grep -o 'postgresql://127.0.0.1:[0-9]*' "target/bench-buckets-$k-server.log" | sed -n 1p | cut -d: -f3)
  echo "K=$k: load $(cut -d' ' -f1-3 /proc/loadavg)"
  java -Xmx1g -cp "$(cat target/bench-classpath.txt)" benchmarks/FlashSaleLoad.java only=gate buckets="$k" \
    base="http://127.0.0.1:$port" naive="http://127.0.0.1:$port" pg="postgresql://postgres@127.0.0.1:$pgport/surge" \
    key="target/bench-buckets-$k/jwt/es256-private.pem" issuer="${SURGE_JWT_ISSUER:-http://localhost:$port}" audience=surge-api \
    adminEmail=admin@surge.local quantity="$quantity" buyers="$buyers" seconds="$seconds" connections="$connections" \
    serverPid="$server" kafkaPid="$kafka_pid" pids="$pids" out="$out-k$k" > /dev/null || echo "K=$k: invariants did not hold"
  echo "K=$k: load after $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out.load"
  kill -TERM -- -"$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=0
done

python3 - "$out" ${BENCH_BUCKETS:-1 2 4} <<'PY'
import json, sys
out, ks = sys.argv[1], sys.argv[2:]
runs = {k: json.load(open(f"{out}-k{k}.json")) for k in ks}
base = runs[ks[0]]
lines = [f"# Flash-sale gate in buckets, {base['when']}", "",
         f"Settings: {json.dumps(base['settings'])}; load average: {open(out + '.load').read().strip()}", ""]
for part in ("gate", "stampede"):
    lines += [f"## {base[part]['name']}", "",
              "| K | decisions/s | vs K=1 | p50 ms | p99 ms | server | postgres | driver | redis total | each redis-server (CPU-ms/decision) | machine cores |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    for k in ks:
        r = runs[k][part]; c = r["cpu_ms_per_decision"]
        each = ", ".join(f"{n}: {v}" for n, v in sorted(c["processes"].items()))
        lines.append(f"| {k} | {r['decisions_per_s']} | {round(r['decisions_per_s'] / base[part]['decisions_per_s'], 2)} | "
                     f"{r['latency_ms']['p50']} | {r['latency_ms']['p99']} | {c['server']} | {c['postgres']} | {c['driver']} | "
                     f"{c['redis']} | {each} | {r['cpu_cores']['machine_cores']} |")
    lines.append("")
lines += ["## Invariants (stampede)", ""] + [f"- K={k}: {json.dumps(runs[k]['invariants'])}" for k in ks]
open(out + ".md", "w").write("\n".join(lines) + "\n")
json.dump(runs, open(out + ".json", "w"), indent=2)
print("\n".join(lines))
PY
echo "written: $out.md $out.json"
