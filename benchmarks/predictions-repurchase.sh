#!/usr/bin/env bash
# Who is likely to buy again (issue 14, part B), measured on real shop data. Converts the Online Retail file to the
# canonical order CSV (benchmarks/online-retail-orders.sh, orders before REP_END only), starts a dev server, imports
# it through the API (benchmarks/import-orders.sh), then trains as of REP_CUT
# (POST /api/v1/admin/predictions:train?from=REP_CUT, which trains the demand forecasts and then this model; both
# classifiers are measured on the held-out cut-off before it and the better one scores) and asks
# GET /api/v1/admin/predictions/repurchase/evaluation?days=30: ROC AUC and precision in
# the top decile of the stored scores, and of the rule "more orders so far = more likely", against the orders really
# placed in [REP_CUT, REP_CUT + 30 days). Training time and the server's peak RSS are recorded too.
# Result: benchmarks/results/predictions-repurchase-<time>.json, each figure beside its target with PASS/FAIL.
# Usage: bash benchmarks/predictions-repurchase.sh PATH_TO_CSV_GZ
# Settings: REP_CUT (2011-07-01), REP_END (2011-08-01), REP_TARGET_AUC (0.78), REP_TARGET_TRAIN_SECONDS (120),
# REP_TARGET_RSS_MB (2048), BENCH_PORT, and any SURGE_REPURCHASE_* override (e.g. SURGE_REPURCHASE_TREE_DEPTH=4).
set -euo pipefail
cd "$(dirname "$0")/.."

input=${1:?usage: bash benchmarks/predictions-repurchase.sh PATH_TO_CSV_GZ}
cut=${REP_CUT:-2011-07-01}
end=${REP_END:-2011-08-01}
target_auc=${REP_TARGET_AUC:-0.78}
target_train_s=${REP_TARGET_TRAIN_SECONDS:-120}
target_rss_mb=${REP_TARGET_RSS_MB:-2048}
port=${BENCH_PORT:-18097}
work=target/bench-repurchase-data
mkdir -p "$work" benchmarks/results

ONLINE_RETAIL_BEFORE=$end bash benchmarks/online-retail-orders.sh "$input" "$work/canonical.csv"

source benchmarks/dev-server.sh
SURGE_REPURCHASE_TRAIN_EVERY_MINUTES=0 SURGE_RECOMMENDATIONS_TRAIN_EVERY_MINUTES=0 \
  start_dev_server repurchase "$port" --wipe
base="http://127.0.0.1:$port"
export SURGE_BASE_URL=$base BENCH_PORT=$port # import-orders.sh imports into this server

login() {
  curl -fsS -H 'Content-Type: application/json' -d '{"email":"admin@surge.local","password":"surge-admin-dev-password"}' \
    "$base/api/v1/auth/token" 2>/dev/null | jq -r .access_token
}
admin=""
for _ in $(seq 1 60); do # the dev admin is made just after the server reports ready
  admin=$(login) && [ -n "$admin" ] && [ "$admin" != null ] && break
  sleep 1
done
lines=$(($(wc -l < "$work/canonical.csv") - 1))
started=$(date +%s.%N)
bash benchmarks/import-orders.sh "$work/canonical.csv"
import_s=$(echo "$(date +%s.%N) - $started" | bc)

peak_rss_kb=0
sample_rss() {
  local rss=0 r
  for pid in $(pgrep -g "$server" java 2>/dev/null || true); do
    r=$(ps -o rss= -p "$pid" 2>/dev/null || echo 0); [ "${r:-0}" -gt "$rss" ] && rss=$r
  done
  [ "$rss" -gt "$peak_rss_kb" ] && peak_rss_kb=$rss
  return 0
}

# train NAME -> writes $work/run-NAME.json {status, evaluation, wall_seconds} (the whole run: forecasts, then this model)
train() {
  local name=$1 status
  admin=$(login) # fresh: the import may outlast a token
  local t0; t0=$(date +%s.%N)
  curl -fsS -X POST -H "Authorization: Bearer $admin" "$base/api/v1/admin/predictions:train?from=$cut" >/dev/null
  while :; do
    sample_rss
    curl -fsS -H "Authorization: Bearer $admin" "$base/api/v1/admin/predictions/status" | jq -e '.state == "idle"' \
      >/dev/null && break
    sleep 1
  done
  status=$(curl -fsS -H "Authorization: Bearer $admin" "$base/api/v1/admin/predictions/repurchase")
  local wall; wall=$(echo "$(date +%s.%N) - $t0" | bc)
  echo "$status" | jq -e '.last_error == null' >/dev/null || { echo "training failed: $status" >&2; exit 1; }
  local evaluation
  evaluation=$(curl -fsS -H "Authorization: Bearer $admin" "$base/api/v1/admin/predictions/repurchase/evaluation?days=30")
  echo "$name: $(echo "$evaluation" | jq -c '{algorithm, customers, buyers, model, order_count_rule}') in ${wall}s"
  jq -n --argjson s "$status" --argjson e "$evaluation" --arg w "$wall" \
    '{status: $s, evaluation: $e, wall_seconds: ($w | tonumber)}' > "$work/run-$name.json"
}

train chosen

result="benchmarks/results/predictions-repurchase-$(date -u +%Y%m%dT%H%M%SZ).json"
jq -n --slurpfile chosen "$work/run-chosen.json" \
  --arg cut "$cut" --arg input "$input" --argjson lines "$lines" --arg import_s "$import_s" \
  --argjson target_auc "$target_auc" --argjson target_train_s "$target_train_s" \
  --argjson target_rss_mb "$target_rss_mb" --argjson rss "$peak_rss_kb" --arg host "$(nproc) cores" '
  def pf(ok): if ok then "PASS" else "FAIL" end;
  ($chosen[0]) as $c |
  {
    benchmark: "predictions-repurchase", input: $input, cut: $cut, window_days: 30, import_lines: $lines,
    import_seconds: ($import_s | tonumber), host: $host,
    customers_scored: $c.evaluation.customers, buyers_in_window: $c.evaluation.buyers,
    chosen_algorithm: $c.status.algorithm, chosen_by: $c.status.measurements,
    figures: {
      chosen_auc: {value: $c.evaluation.model.auc, target: (">= " + ($target_auc | tostring)),
        result: pf(($c.evaluation.model.auc // 0) >= $target_auc)},
      chosen_precision_top_decile: {value: $c.evaluation.model.precision_top_decile,
        target: "> order-count rule", result: pf(($c.evaluation.model.precision_top_decile // 0)
          > ($c.evaluation.order_count_rule.precision_top_decile // 1))},
      held_out_gradient_boosted_trees: ($c.status.measurements.gradient_boosted_trees
        + {note: "the held-out cut-off before REP_CUT", result: pf(($c.status.measurements.gradient_boosted_trees.auc // 0) >= $target_auc)}),
      held_out_logistic_regression: ($c.status.measurements.logistic_regression
        + {note: "the held-out cut-off before REP_CUT", result: pf(($c.status.measurements.logistic_regression.auc // 0) >= $target_auc)}),
      order_count_rule: ($c.evaluation.order_count_rule + {note: "the rule to beat (about 0.73 AUC on this split)"}),
      training_ms: {value: $c.status.duration_ms, target: ("<= " + (($target_train_s * 1000) | tostring)),
        result: pf(($c.status.duration_ms // 1e18) <= $target_train_s * 1000)},
      training_heap_peak_bytes: $c.status.memory_bytes,
      server_peak_rss_mb: {value: ($rss / 1024 | floor), target: ("<= " + ($target_rss_mb | tostring)),
        result: pf(($rss / 1024) <= $target_rss_mb and $rss > 0)}
    },
    runs: {chosen: $c}
  }' > "$result"
jq '.figures' "$result"
echo "result: $result"
