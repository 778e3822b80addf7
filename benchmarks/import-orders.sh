#!/usr/bin/env bash
# Order history import benchmark: imports a canonical order CSV (benchmarks/online-retail-orders.sh makes one from
# the real Online Retail data) through the real API, POST /api/v1/admin/imports/orders as the dev admin, and prints
# rows/s and the time beside the 60 s target for 400 000 lines (scaled to the file's size), with PASS/FAIL.
# Usage: bash benchmarks/import-orders.sh CANONICAL.csv
# Environment: SURGE_BASE_URL=http://host:port imports into a server already running (no dev server is started);
# NEW_PRODUCTS=archived|active (default active here: a benchmark's shop sells, and recommends, what it imported;
# the API's own default is archived); ADMIN_EMAIL / ADMIN_PASSWORD (default the dev admin).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 CANONICAL.csv" >&2; exit 2; }
input=$(realpath "$1")
cd "$(dirname "$0")/.."
mkdir -p target

if [ -n "${SURGE_BASE_URL:-}" ]; then
  base=$SURGE_BASE_URL
else
  port=${BENCH_PORT:-18096}
  base="http://127.0.0.1:$port"
  echo "starting a dev server (empty shop)..."
  source benchmarks/dev-server.sh
  start_dev_server import-orders "$port" --wipe
fi

# The dev admin is made just after the server reports ready: try for a minute.
token=""
for _ in $(seq 1 60); do
  token=$(curl -fsS -H 'Content-Type: application/json' \
    -d "{\"email\":\"${ADMIN_EMAIL:-admin@surge.local}\",\"password\":\"${ADMIN_PASSWORD:-surge-admin-dev-password}\"}" \
    "$base/api/v1/auth/token" 2>/dev/null | sed -E 's/.*"access_token":"([^"]+)".*/\1/') && [ -n "$token" ] && break
  sleep 1
done
[ -n "$token" ] || { echo "could not log in as the admin at $base" >&2; exit 1; }
rows=$(($(wc -l < "$input") - 1))
results=target/import-orders-results.ndjson
echo "importing $rows lines from $input into $base ..."
# CPU seconds used by the server and its embedded services (one session), to tell slowness from a busy machine.
cpu() { if [ -n "${server:-}" ]; then ps -s "$server" -o times= 2>/dev/null | awk '{s += $1} END {print s + 0}'; else echo 0; fi; }
cpu_before=$(cpu)
start=$(date +%s.%N)
curl -fsS -N -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' --data-binary @"$input" \
  "$base/api/v1/admin/imports/orders?new_products=${NEW_PRODUCTS:-active}" -o "$results"
end=$(date +%s.%N)
cpu_after=$(cpu)

summary=$(tail -1 "$results")
echo "summary: $summary"
awk -v rows="$rows" -v start="$start" -v end="$end" -v summary="$summary" -v cpu=$((cpu_after - cpu_before)) \
  -v loadavg="$(cut -d' ' -f1-3 /proc/loadavg)" -v cores="$(nproc)" 'BEGIN {
  seconds = end - start
  target = 60 * rows / 400000
  failed = summary ~ /"failed":0[,}]/ ? 0 : 1
  printf "import: %d lines in %.1f s = %.0f rows/s (400 000 lines would take %.1f s; target < 60 s) %s\n",
    rows, seconds, rows / seconds, 400000 * seconds / rows, (seconds < target ? "PASS" : "FAIL")
  if (cpu > 0) printf "server + PostgreSQL + Redis + Kafka CPU during the import: %d s (%.0f%% of %d cores); load average %s\n",
    cpu, 100 * cpu / seconds / cores, cores, loadavg
  if (failed) print "note: some lines were refused; see the result lines in target/import-orders-results.ndjson"
}'
grep '"status":"error"' "$results" | head -5 || true
