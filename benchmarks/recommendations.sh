#!/usr/bin/env bash
# Recommendation evaluation on real shop data (issue 13). Converts the Online Retail file to the canonical order
# CSV (benchmarks/online-retail-orders.sh), splits it by ordered_at (train before RECS_CUT, test
# [RECS_CUT, RECS_END)), starts a dev server, imports the training part through the API
# (benchmarks/import-orders.sh), trains, then for every customer who bought before the cut and bought something
# new in the test window asks the real API for their lists (trending, bought-together-based, for-you) and computes
# HR@10, NDCG@10 and Recall@20 over the whole catalogue; then the throughput and p99 of /me/recommendations beside
# the static /health/live, with the CPU the server and its PostgreSQL spent per request in each phase.
# Result: benchmarks/results/recommendations-<time>.json, targets printed PASS/FAIL.
# Usage: bash benchmarks/recommendations.sh PATH_TO_CSV_GZ
# Before the orders, the catalogue is imported with stock (POST /api/v1/admin/products:import, one active product
# per SKU code of the training part, RECS_STOCK units each): the order import would make unknown codes into products
# with no stock, and sold-out products are never recommended, so every list would be empty.
# Settings: RECS_CUT (2011-07-01), RECS_END (2011-10-01), RECS_CONNECTIONS (16), RECS_SECONDS (10), RECS_STOCK (1000),
# BENCH_PORT,
# and any SURGE_RECOMMENDATIONS_* override (e.g. SURGE_RECOMMENDATIONS_LAMBDA=300).
set -euo pipefail
cd "$(dirname "$0")/.."

input=${1:?usage: bash benchmarks/recommendations.sh PATH_TO_CSV_GZ}
cut=${RECS_CUT:-2011-07-01}
end=${RECS_END:-2011-10-01}
port=${BENCH_PORT:-18095}
work=target/bench-recommendations-data
mkdir -p "$work" benchmarks/results

mvn -B -q -Pdev compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
classpath="target/dev/classes:$(cat target/bench-classpath.txt)"

bash benchmarks/online-retail-orders.sh "$input" "$work/canonical.csv"
java -cp "$classpath" io.surge.dev.bench.RecommendationEval split "$work/canonical.csv" "$work/train.csv" \
  "$work/test.csv" "$cut" "$end"
java -cp "$classpath" io.surge.dev.bench.RecommendationEval catalog "$work/train.csv" "$work/catalog.ndjson" \
  "${RECS_STOCK:-1000}"

source benchmarks/dev-server.sh
# the load phase registers its shoppers from one address; training only on command (no schedule during the run)
SURGE_SECURITY_REGISTRATIONS_PER_ADDRESS=0 SURGE_RECOMMENDATIONS_TRAIN_EVERY_MINUTES=0 \
  start_dev_server recommendations "$port" --wipe
base="http://127.0.0.1:$port"
export SURGE_BASE_URL=$base BENCH_PORT=$port # import-orders.sh imports into this server
# the load phases read the CPU the server and its embedded PostgreSQL spent per request
export RECS_SERVER_PID=$server RECS_POSTGRES_DIR=bench-recommendations/postgres

admin=""
for _ in $(seq 1 60); do # the dev admin is made just after the server reports ready
  admin=$(curl -fsS -H 'Content-Type: application/json' \
    -d '{"email":"admin@surge.local","password":"surge-admin-dev-password"}' "$base/api/v1/auth/token" 2>/dev/null \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/') && [ -n "$admin" ] && break
  sleep 1
done
[ -n "$admin" ] || { echo "could not log in as the admin at $base" >&2; exit 1; }
started=$(date +%s.%N)
curl -fsS -N -H "Authorization: Bearer $admin" -H 'Content-Type: application/x-ndjson' \
  --data-binary @"$work/catalog.ndjson" "$base/api/v1/admin/products:import" -o "$work/catalog-results.ndjson"
echo "catalogue: $(grep -c '"status":"created"' "$work/catalog-results.ndjson" || true) products created with" \
  "${RECS_STOCK:-1000} units each, $(grep -c '"status":"error"' "$work/catalog-results.ndjson" || true) refused" \
  "in $(echo "$(date +%s.%N) - $started" | bc) s"
grep '"status":"error"' "$work/catalog-results.ndjson" | head -3 || true

lines=$(($(wc -l < "$work/train.csv") - 1))
started=$(date +%s.%N)
bash benchmarks/import-orders.sh "$work/train.csv"
import_s=$(echo "$(date +%s.%N) - $started" | bc)

admin=$(curl -fsS -H 'Content-Type: application/json' -d '{"email":"admin@surge.local","password":"surge-admin-dev-password"}' \
  "$base/api/v1/auth/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/') # fresh: the import may outlast a token
curl -fsS -X POST -H "Authorization: Bearer $admin" "$base/api/v1/admin/recommendations:train" >/dev/null
peak_rss_kb=0
while :; do
  status=$(curl -fsS -H "Authorization: Bearer $admin" "$base/api/v1/admin/recommendations/status")
  rss=$(ps -o rss= --ppid "$server" 2>/dev/null | sort -n | tail -1 || echo 0)
  for pid in $(pgrep -g "$server" java 2>/dev/null || true); do
    r=$(ps -o rss= -p "$pid" 2>/dev/null || echo 0); [ "${r:-0}" -gt "${rss:-0}" ] && rss=$r
  done
  [ "${rss:-0}" -gt "$peak_rss_kb" ] && peak_rss_kb=$rss
  echo "$status" | grep -q '"state":"idle"' && break
  sleep 1
done
echo "training: $status"
echo "$status" | sed -E "s/^\{/{\"import_lines\":$lines,\"import_seconds\":$import_s,\"import_rows_per_second\":$(echo "$lines / $import_s" | bc),\"server_peak_rss_kb\":$peak_rss_kb,/" \
  > "$work/training.json"

result="benchmarks/results/recommendations-$(date -u +%Y%m%dT%H%M%SZ).json"
java -cp "$classpath" io.surge.dev.bench.RecommendationEval evaluate "$base" admin@surge.local \
  surge-admin-dev-password "$work/train.csv" "$work/test.csv" "$result" "$work/training.json"
echo "result: $result"
