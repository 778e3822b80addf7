#!/usr/bin/env bash
# Sequential search latency against a running dev server, one client (curl): p50/p90/p99 of the search mix,
# of suggest, and of the static /health/live endpoint sent by the same client in the same run (the
# baseline: what loopback, curl and the event loop cost alone), then the target line for search.
# Start the server first, uncached so every search reaches PostgreSQL, e.g.:
#   SURGE_DEV_DATA_DIR=/tmp/surge-bench SURGE_HTTP_PORT=18181 SURGE_DEV_DEMO_PRODUCTS=100000 \
#   SURGE_DEV_DEMO_IMAGES=0 SURGE_CATALOG_SEARCH_CACHE_SECONDS=0 mvn -Pdev compile exec:java
# (the first start generates the products, later starts keep them), then:
#   benchmarks/search-latency.sh http://127.0.0.1:18181 400
set -euo pipefail
base="${1:-http://127.0.0.1:8080}"
count="${2:-400}"
target_ms="${SEARCH_P99_TARGET_MS:-50}"
queries=(
  "q=shirt" "q=linen%20shirt" "q=lether%20boots" "q=cafe" "q=cr%C3%A8me%20br%C3%BBl%C3%A9e" "q=walnut%20speaker"
  "q=classic" "q=cotton&brand=Northwind" "q=linen&price_min=2500&price_max=4999" "q=shirt&attr=colour:red"
  "q=lamp&category=home" "q=vintage%20leather%20loafers" "q=headphnes" "q=oak%20chopping%20board&limit=50"
  "q=herixage" "q=herixage%20denim"
)
suggests=("q=li" "q=cre" "q=bast" "q=walnut%20sp")
times=$(mktemp)
trap 'rm -f "$times"' EXIT
get() { # kind url
  curl -s -o /dev/null -w "$1 %{http_code} %{time_total}\n" "$2" >> "$times"
}
# Warm-up: one round of every query (JIT, PostgreSQL's plan and buffer caches), not measured.
for q in "${queries[@]}"; do curl -s -o /dev/null "$base/api/v1/search?$q"; done
: > "$times"
for ((i = 0; i < count; i++)); do
  get search "$base/api/v1/search?${queries[i % ${#queries[@]}]}"
  get static "$base/health/live"
  if ((i % 4 == 3)); then
    get suggest "$base/api/v1/search/suggest?${suggests[i / 4 % ${#suggests[@]}]}"
  fi
done
awk '$2 != 200 { bad[$1]++ } END { for (k in bad) print bad[k] " non-200 answers to " k }' "$times"
summary() { # kind -> "n=.. p50=.. p90=.. p99=.. max=.."
  awk -v kind="$1" '$1 == kind { print $3 * 1000 }' "$times" | sort -n | awk '{ t[NR] = $1 } END {
    printf "n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms\n",
      NR, t[int(NR * 0.50)], t[int(NR * 0.90)], t[int(NR * 0.99)], t[NR] }'
}
search=$(summary search)
echo "search (uncached if the server runs with SURGE_CATALOG_SEARCH_CACHE_SECONDS=0): $search"
echo "suggest: $(summary suggest)"
echo "baseline /health/live, same client, same run: $(summary static)"
p99=$(echo "$search" | sed -E 's/.*p99=([0-9.]+) ms.*/\1/')
awk -v p="$p99" -v t="$target_ms" 'BEGIN { printf "search p99 <= %d ms: %s (p99 %.1f ms)\n", t, (p <= t ? "PASS" : "FAIL"), p }'
