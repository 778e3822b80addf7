#!/usr/bin/env bash
# Flash-sale stampede (closed model, wrk): the static endpoint as the same-run ceiling, then purchases
# against a live sale until well past sold out. Checks the invariants against PostgreSQL afterwards.
# Usage: bash benchmarks/flash-sale.sh [quantity=10000] [buyers=200] [duration=20s] [connections=64]
# The buyer rate limits are raised: 200 simulated buyers stand for a crowd many times larger.
set -euo pipefail
cd "$(dirname "$0")/.."

quantity=${1:-10000}
buyers=${2:-200}
duration=${3:-20s}
connections=${4:-64}
port=${BENCH_PORT:-18092}
base="http://127.0.0.1:$port"
mkdir -p target benchmarks/results
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

SURGE_HTTP_PORT=$port SURGE_DEV_DATA_DIR=target/bench-flash SURGE_DEV_DEMO_PRODUCTS=0 SURGE_DEV_DEMO_IMAGES=0 \
  SURGE_HTTP_INSTANCES=0 SURGE_FLASH_SALES_USER_RATE_PER_SECOND=1000000 SURGE_FLASH_SALES_USER_BURST=1000000 \
  SURGE_FLASH_SALES_IP_RATE_PER_SECOND=0 setsid mvn -B -q -Pdev compile exec:java -Dexec.args=--wipe > target/bench-flash-server.log 2>&1 &
server=$!
trap 'kill -TERM -- -$server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fsS "$base/health/ready" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { tail -30 target/bench-flash-server.log; exit 1; }
  sleep 1
done

json() { sed -E "s/.*\"$1\":\"?([^\",}]*).*/\1/"; }
login() { curl -fsS -X POST "$base/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$1\",\"password\":\"$2\"}" | json access_token; }
admin=$(login admin@surge.local surge-admin-dev-password)

echo "creating $buyers buyers..."
: > target/buyer-tokens.txt
for i in $(seq 1 "$buyers"); do echo "$i"; done | xargs -P 4 -I{} sh -c "curl -fsS -o /dev/null -X POST $base/api/v1/users \
  -H 'Content-Type: application/json' -d '{\"email\":\"buyer-{}@bench.example\",\"password\":\"bench-password-1\",\"display_name\":\"B{}\"}'"
for i in $(seq 1 "$buyers"); do login "buyer-$i@bench.example" bench-password-1 >> target/buyer-tokens.txt; echo >> target/buyer-tokens.txt; done
sed -i '/^$/d' target/buyer-tokens.txt

sku=$(curl -fsS -X POST "$base/api/v1/admin/products" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"slug\":\"bench-sale\",\"title\":\"Bench sale\",\"status\":\"active\",\"skus\":[{\"code\":\"BENCH-SALE\",\"price_amount\":9900,\"currency\":\"EUR\",\"on_hand\":$quantity}]}" \
  | grep -o '"admin_skus":\[{"id":"[^"]*"' | cut -d'"' -f6)
starts=$(date -u -d '-1 second' +%Y-%m-%dT%H:%M:%SZ); ends=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
sale=$(curl -fsS -X POST "$base/api/v1/admin/flash-sales" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"sku_id\":\"$sku\",\"sale_amount\":4900,\"quantity\":$quantity,\"per_user_limit\":100,\"starts_at\":\"$starts\",\"ends_at\":\"$ends\"}" | json id)

wrk -t2 -c16 -d3s -s benchmarks/wrk/report.lua "$base/health/live" > /dev/null
static=$(wrk -t2 -c"$connections" -d"$duration" --latency -s benchmarks/wrk/report.lua "$base/health/live" | grep '^RESULT')
purchase=$(BUYER_TOKENS=target/buyer-tokens.txt SALE_ID=$sale wrk -t2 -c"$connections" -d"$duration" --latency \
  -s benchmarks/wrk/flash-purchase.lua "$base" | grep '^RESULT')

sleep 3 # let the server finish what wrk cut off, so the check sees a quiet database
pgport=$(grep -o 'postgresql://127.0.0.1:[0-9]*' target/bench-flash-server.log | head -1 | cut -d: -f3)
q() { psql -h 127.0.0.1 -p "$pgport" -U postgres surge -Atc "$1"; }
read -r sold orders <<< "$(q "SELECT s.sold, (SELECT count(*) FROM flash_purchases p WHERE p.sale_id = s.id AND p.status = 'ordered')
  FROM flash_sales s WHERE s.id = '$sale'" | tr '|' ' ')"
dups=$(q "SELECT count(*) FROM (SELECT 1 FROM flash_purchases GROUP BY sale_id, user_id, idempotency_key HAVING count(*) > 1) d")
rps() { echo "$1" | sed -E 's/.*rps=([0-9.]+).*/\1/'; }
ratio=$(awk -v a="$(rps "$purchase")" -v b="$(rps "$static")" 'BEGIN { printf "%.2f", a / b }')

result="benchmarks/results/flash-sale-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# Flash-sale benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores (wrk shares them); quantity $quantity, $buyers buyers, wrk -t2 -c$connections -d$duration (closed model)"
  echo
  echo '| scenario | result |'
  echo '|---|---|'
  echo "| static JSON (/health/live) | $static |"
  echo "| purchases (accepted + sold out) | $purchase |"
  echo
  echo "Purchase decisions / static throughput: **$ratio** (target >= 0.50)."
  echo "Invariants: sold=$sold of $quantity, durable orders=$orders (must equal sold), duplicate keys=$dups."
} | tee "$result"
[ "$sold" = "$orders" ] && [ "$dups" = "0" ]
