#!/usr/bin/env bash
# Reviews and tickets: a product with reviews from verified buyers (each bought, was delivered, reviewed, all
# through the API), then the public review list (newest / most helpful), the product page with its rating
# summary, and opening tickets, each beside the static /health/live baseline measured in the same run.
# Usage: bash benchmarks/reviews.sh [buyers=40] [duration=10s] [connections=32]
set -euo pipefail
cd "$(dirname "$0")/.."

buyers=${1:-40}
duration=${2:-10s}
connections=${3:-32}
port=${BENCH_PORT:-18094}
base="http://127.0.0.1:$port"
mkdir -p target benchmarks/results

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

echo "starting a dev server (no demo catalog)..."
source benchmarks/dev-server.sh
start_dev_server reviews "$port" --wipe

field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
post() { # path token body (may be empty) [idempotency key]
  if [ -z "$3" ]; then
    curl -fsS -X POST "$base$1" -H "Authorization: Bearer $2"
  else
    curl -fsS -X POST "$base$1" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
      ${4:+-H "Idempotency-Key: $4"} -d "$3"
  fi
}
token() { curl -fsS -X POST "$base/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$1\",\"password\":\"$2\"}" | field access_token; }

# the launcher seeds the admin just after the port opens
admin=""
for _ in $(seq 1 60); do
  admin=$(token admin@surge.local surge-admin-dev-password 2>/dev/null || true)
  [ -n "$admin" ] && break
  sleep 1
done
product=$(post /api/v1/admin/products "$admin" '{"slug":"bench-lamp","title":"Bench lamp","status":"active",
  "skus":[{"code":"BENCH-LAMP","price":{"amount":2500,"currency":"EUR"},"on_hand":100000}]}')
product_id=$(echo "$product" | field id)
sku=$(echo "$product" | grep -o '"admin_skus":\[{"id":"[^"]*"' | cut -d'"' -f6)
address='{"shipping_address":{"recipient":"Ada","line1":"1 Road","city":"London","postal_code":"N1","country":"GB"}}'

echo "making $buyers verified buyers and their reviews..."
customer=""
for i in $(seq 1 "$buyers"); do
  email="buyer-$i-$RANDOM@example.com"
  curl -fsS -X POST "$base/api/v1/users" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"bench-password-$i-long\",\"display_name\":\"Buyer $i\"}" >/dev/null
  customer=$(token "$email" "bench-password-$i-long")
  curl -fsS -X PUT "$base/api/v1/cart/items/$sku" -H "Authorization: Bearer $customer" -H 'Content-Type: application/json' \
    -d '{"quantity":1}' >/dev/null
  order=$(post /api/v1/orders "$customer" "$address" "bench-$i" | field id)
  post "/api/v1/admin/orders/$order/mark-paid" "$admin" '' >/dev/null
  post "/api/v1/admin/orders/$order/ship" "$admin" '{"carrier":"DHL","tracking_number":"B1"}' >/dev/null
  post "/api/v1/admin/orders/$order/deliver" "$admin" '' >/dev/null
  post "/api/v1/products/$product_id/reviews" "$customer" \
    "{\"rating\":$(( i % 5 + 1 )),\"title\":\"Review $i\",\"body\":\"Bought it, used it, rated it.\"}" >/dev/null
done
summary=$(curl -fsS "$base/api/v1/products/$product_id" | grep -o '"rating":{[^}]*}[^}]*}')
echo "product page rating: $summary"

run() { # name, wrk args...
  local name=$1; shift
  local out
  out=$(wrk -t2 -c"$connections" -d"$duration" --latency "$@" 2>&1)
  echo "$out" > "target/bench-$name.txt"
  echo "$out" | grep '^RESULT' | sed "s/^RESULT/$name/"
}

wrk -t2 -c8 -d3s -s benchmarks/wrk/report.lua "$base/api/v1/products/$product_id/reviews" >/dev/null 2>&1
static=$(run static -s benchmarks/wrk/report.lua "$base/health/live")
reviews=$(REVIEWED_PRODUCT=$product_id run reviews -s benchmarks/wrk/reviews-mix.lua "$base")
page=$(run page -s benchmarks/wrk/report.lua "$base/api/v1/products/$product_id")
tickets=$(CUSTOMER_TOKEN=$customer run tickets -s benchmarks/wrk/open-ticket.lua "$base/api/v1/support/tickets")

result="benchmarks/results/reviews-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# Reviews and tickets benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $buyers published reviews; wrk -t2 -c$connections -d$duration"
  echo
  echo '| scenario | result |'
  echo '|---|---|'
  echo "| static JSON (/health/live) | $static |"
  echo "| review list, newest / most helpful (20 per page, with summary) | $reviews |"
  echo "| product page with rating summary (cached) | $page |"
  echo "| open a ticket (one customer, one transaction each) | $tickets |"
  echo
  echo "Rating summary on the product page: \`$summary\`"
} | tee "$result"
