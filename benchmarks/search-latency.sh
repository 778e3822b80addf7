#!/usr/bin/env bash
# Sequential search latency against a running dev server: p50/p99 over N requests, one client.
# Start the server first, e.g.:
#   SURGE_DEV_DATA_DIR=/tmp/surge-bench SURGE_HTTP_PORT=18181 SURGE_DEV_DEMO_PRODUCTS=100000 \
#     mvn -Pdev compile exec:java -Dexec.args=--wipe
# then: benchmarks/search-latency.sh http://127.0.0.1:18181 200
set -euo pipefail
base="${1:-http://127.0.0.1:8080}"
count="${2:-200}"
queries=(
  "q=shirt" "q=linen%20shirt" "q=lether%20boots" "q=cafe" "q=cr%C3%A8me%20br%C3%BBl%C3%A9e" "q=walnut%20speaker"
  "q=classic" "q=cotton&brand=Northwind" "q=linen&price_min=2500&price_max=4999" "q=shirt&attr=colour:red"
  "q=lamp&category=home" "q=vintage%20leather%20loafers" "q=headphnes" "q=oak%20chopping%20board&limit=50"
)
suggests=("q=li" "q=cre" "q=bast" "q=walnut%20sp")
times=$(mktemp)
trap 'rm -f "$times"' EXIT
for ((i = 0; i < count; i++)); do
  if ((i % 5 == 4)); then
    url="$base/api/v1/search/suggest?${suggests[i % ${#suggests[@]}]}"
  else
    url="$base/api/v1/search?${queries[i % ${#queries[@]}]}"
  fi
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$url" >> "$times"
done
awk '$1 != 200 { bad++ } END { if (bad) print bad " non-200 answers" }' "$times"
sort -n -k2 "$times" | awk -v n="$count" '{ t[NR] = $2 * 1000 } END {
  printf "requests=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms\n",
    n, t[int(n * 0.50)], t[int(n * 0.90)], t[int(n * 0.99)], t[n] }'
