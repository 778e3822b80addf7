#!/usr/bin/env bash
# Catalog read benchmark: product pages (hot set, cached) and a search mix, each beside a plain static JSON
# endpoint (/health/live) measured in the same run, so the result is a ratio that survives noisy machines.
# Usage: bash benchmarks/catalog.sh [products=100000] [duration=15s] [connections=64]
set -euo pipefail
cd "$(dirname "$0")/.."

products=${1:-100000}
duration=${2:-15s}
connections=${3:-64}
port=${BENCH_PORT:-18090}
base="http://127.0.0.1:$port"
mkdir -p target benchmarks/results

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

echo "starting a dev server with $products demo products (first run generates them)..."
source benchmarks/dev-server.sh
SURGE_DEV_DEMO_PRODUCTS=$products start_dev_server catalog "$port"

# Hot set: 200 products from the first pages of the public list; a search mix built from their words.
: > target/hot-products.txt
cursor=""
for _ in 1 2; do
  page=$(curl -fsS "$base/api/v1/products?limit=100${cursor:+&cursor=$cursor}")
  echo "$page" | grep -o '"id":"[0-9a-f-]*"' | cut -d'"' -f4 >> target/hot-products.txt
  cursor=$(echo "$page" | grep -o '"next_cursor":"[^"]*"' | cut -d'"' -f4 || true)
done
titles=$(curl -fsS "$base/api/v1/products?limit=50&sort=title" | grep -o '"title":"[^"]*"' | cut -d'"' -f4)
: > target/search-paths.txt
while read -r title; do
  word=$(echo "$title" | awk '{print tolower($NF)}')
  first=$(echo "$title" | awk '{print tolower($1)}')
  typo="${word:0:1}${word:2:1}${word:1:1}${word:3}"
  printf '/api/v1/search?q=%s\n' "$word" "$typo" >> target/search-paths.txt
  printf '/api/v1/search?q=%s&price_max=5000\n' "$word" >> target/search-paths.txt
  printf '/api/v1/search/suggest?q=%s\n' "${first:0:3}" >> target/search-paths.txt
done <<< "$titles"
echo "hot products: $(wc -l < target/hot-products.txt), search paths: $(wc -l < target/search-paths.txt)"

run() { # name, wrk args...
  local name=$1; shift
  local out
  out=$(wrk -t2 -c"$connections" -d"$duration" --latency "$@" 2>&1)
  echo "$out" > "target/bench-$name.txt"
  echo "$out" | grep '^RESULT' | sed "s/^RESULT/$name/"
}

# Warm-up, then the three measurements back to back.
wrk -t2 -c16 -d3s -s benchmarks/wrk/hot-products.lua "$base" >/dev/null 2>&1
static=$(run static -s benchmarks/wrk/report.lua "$base/health/live")
product=$(HOT_PRODUCTS=target/hot-products.txt run product -s benchmarks/wrk/hot-products.lua "$base")
search=$(SEARCH_PATHS=target/search-paths.txt run search -s benchmarks/wrk/search-mix.lua "$base")
rps() { echo "$1" | sed -E 's/.*rps=([0-9.]+).*/\1/'; }
ratio_product=$(awk -v a="$(rps "$product")" -v b="$(rps "$static")" 'BEGIN { printf "%.2f", a / b }')
ratio_search=$(awk -v a="$(rps "$search")" -v b="$(rps "$static")" 'BEGIN { printf "%.2f", a / b }')

result="benchmarks/results/catalog-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# Catalog benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; products: $products; wrk -t2 -c$connections -d$duration"
  echo
  echo '| scenario | result |'
  echo '|---|---|'
  echo "| static JSON (/health/live) | $static |"
  echo "| product page, 200 hot ids | $product |"
  echo "| search mix | $search |"
  echo
  echo "Product page / static throughput: **$ratio_product** (target >= 0.60)."
  echo "Search / static throughput: $ratio_search. Search p99 target: under 50 ms."
} | tee "$result"
