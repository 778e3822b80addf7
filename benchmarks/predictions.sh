#!/usr/bin/env bash
# Prediction evaluation on real shop data (issue 14). Converts the Online Retail file to the canonical order CSV
# (benchmarks/online-retail-orders.sh), starts a dev server, imports ALL of it through the API
# (benchmarks/import-orders.sh: the evaluation window too, since the models must ignore history on or after the
# cut-off), then runs each section in turn. Result: benchmarks/results/predictions-<time>.json, every figure beside
# its target with PASS/FAIL.
# Sections (one function each; add a section by writing a function and listing it in main):
#   forecast_section: POST /api/v1/admin/predictions:train?from=CUT (forecasts stored from CUT), then for every SKU
#     with >= 10 sale days before CUT the stored forecast (chosen per SKU) and the forecasts of seasonal_naive,
#     weekly_median, exponential_smoothing and gradient_boosted_trees (the global model's, stored by the run) forced (?method=),
#     over [CUT, END); mean MASE over SKUs (scale: the in-sample weekly seasonal-naive MAE before CUT, as the server
#     computes it) and WAPE of total daily units. Target: the chosen method's mean MASE at least 10% below seasonal
#     naive's; every method's MASE and WAPE beside naive's with PASS/FAIL. Training time (the status' duration_ms) and the
#     server's peak RSS while training.
# Usage: bash benchmarks/predictions.sh PATH_TO_CSV_GZ
# Settings: PRED_CUT (2011-07-01), PRED_END (2011-10-01), BENCH_PORT (18097), PRED_CLIENTS (4 parallel requests).
set -euo pipefail
cd "$(dirname "$0")/.."

input=${1:?usage: bash benchmarks/predictions.sh PATH_TO_CSV_GZ}
cut=${PRED_CUT:-2011-07-01}
end=${PRED_END:-2011-10-01}
port=${BENCH_PORT:-18097}
work=target/bench-predictions-data
base="http://127.0.0.1:$port"
mkdir -p "$work" benchmarks/results
sections='{}'

log_in() {
  local token=""
  for _ in $(seq 1 60); do # the dev admin is made just after the server reports ready
    token=$(curl -fsS -H 'Content-Type: application/json' \
      -d '{"email":"admin@surge.local","password":"surge-admin-dev-password"}' "$base/api/v1/auth/token" 2>/dev/null \
      | sed -E 's/.*"access_token":"([^"]+)".*/\1/') && [ -n "$token" ] && break
    sleep 1
  done
  [ -n "$token" ] || { echo "could not log in as the admin at $base" >&2; exit 1; }
  echo "$token"
}

prepare() {
  bash benchmarks/online-retail-orders.sh "$input" "$work/canonical.csv"
  source benchmarks/dev-server.sh
  # training only on command (no schedule during the run)
  SURGE_PREDICTIONS_TRAIN_EVERY_MINUTES=0 SURGE_RECOMMENDATIONS_TRAIN_EVERY_MINUTES=0 \
    start_dev_server predictions "$port" --wipe
  export SURGE_BASE_URL=$base BENCH_PORT=$port # import-orders.sh imports into this server
  log_in >/dev/null
  local started
  started=$(date +%s.%N)
  bash benchmarks/import-orders.sh "$work/canonical.csv"
  echo "imported $(($(wc -l < "$work/canonical.csv") - 1)) lines in $(echo "$(date +%s.%N) - $started" | bc) s"
}

# train_and_watch PATH: starts a training run (PATH carries its query), waits until idle, sampling the server's
# peak RSS; prints {"status": ..., "server_peak_rss_kb": ...}.
train_and_watch() {
  local admin status rss peak=0
  admin=$(log_in)
  curl -fsS -X POST -H "Authorization: Bearer $admin" "$base$1" >/dev/null
  while :; do
    status=$(curl -fsS -H "Authorization: Bearer $admin" "$base/api/v1/admin/predictions/status")
    for pid in $(pgrep -g "$server" java 2>/dev/null || true); do
      rss=$(ps -o rss= -p "$pid" 2>/dev/null || echo 0); [ "${rss:-0}" -gt "$peak" ] && peak=$rss
    done
    echo "$status" | grep -q '"state":"idle"' && break
    sleep 1
  done
  echo "{\"status\":$status,\"server_peak_rss_kb\":$peak}"
}

forecast_section() {
  local training
  training=$(train_and_watch "/api/v1/admin/predictions:train?from=$cut")
  echo "training: $training" >&2
  echo "$training" > "$work/forecast-training.json"
  python3 benchmarks/predictions_forecast_eval.py "$base" "$(log_in)" "$work/canonical.csv" "$cut" "$end" \
    "$work/forecast-training.json" "${PRED_CLIENTS:-4}" > "$work/forecast.json"
  sections=$(python3 -c 'import json,sys; s=json.loads(sys.argv[1]); s["forecast"]=json.load(open(sys.argv[2])); print(json.dumps(s))' \
    "$sections" "$work/forecast.json")
}

report() {
  local result
  result="benchmarks/results/predictions-$(date -u +%Y%m%dT%H%M%SZ).json"
  python3 -c 'import json,sys; s=json.loads(sys.argv[1]); s["command"]=sys.argv[2]; s["cut"]=sys.argv[3]; s["end"]=sys.argv[4]; json.dump(s, open(sys.argv[5],"w"), indent=2)' \
    "$sections" "bash benchmarks/predictions.sh $input" "$cut" "$end" "$result"
  grep -E '"(verdict|target|value)"' "$result" || true
  echo "result: $result"
}

main() {
  prepare
  forecast_section
  report
}

main
