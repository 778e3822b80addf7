"""Forecast section of benchmarks/predictions.sh: scores the server's forecasts against what really sold.

Usage: predictions_forecast_eval.py BASE TOKEN CANONICAL_CSV CUT END TRAINING_JSON CLIENTS; prints the section's JSON.
Units per SKU and UTC day come from the canonical CSV (orders not cancelled), as the server counts them.
"""
import csv
import datetime as dt
import json
import sys
import urllib.parse
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

base, token, path, cut, end, training_path, clients = sys.argv[1:8]
cut, end = dt.date.fromisoformat(cut), dt.date.fromisoformat(end)
horizon = (end - cut).days
METHODS = ["chosen", "seasonal_naive", "weekly_median", "exponential_smoothing", "gradient_boosted_trees"]
# the global model's forecast is served from the training run only (409 for a SKU it had no back-test for): it is
# scored on the SKUs it has, beside seasonal naive on those same SKUs
OPTIONAL = {"gradient_boosted_trees"}

daily = defaultdict(lambda: defaultdict(float))
with open(path, newline="") as f:
    for row in csv.DictReader(f):
        if row.get("cancelled", "").lower() in ("true", "1", "yes"):
            continue
        at = dt.datetime.fromisoformat(row["ordered_at"].replace("Z", "+00:00"))
        if at.tzinfo is None:
            at = at.replace(tzinfo=dt.timezone.utc)
        day = at.astimezone(dt.timezone.utc).date()
        if day < end:
            daily[row["sku"]][day] += int(row["quantity"])


def history(units):
    days = sorted(d for d in units if d < cut)
    if not days:
        return []
    first = days[0]
    return [units.get(first + dt.timedelta(k), 0.0) for k in range((cut - first).days)]


def scale(y):
    """The server's MASE scale: in-sample weekly seasonal-naive MAE, else day-to-day, else the mean, else 1."""
    for lag in (7, 1):
        s = sum(abs(y[t] - y[t - lag]) for t in range(lag, len(y)))
        if s > 0:
            return s / (len(y) - lag)
    m = sum(y) / len(y) if y else 0
    return m if m > 0 else 1


skus = {}
for sku, units in daily.items():
    y = history(units)
    if sum(1 for v in y if v > 0) >= 10:
        skus[sku] = (y, [units.get(cut + dt.timedelta(k), 0.0) for k in range(horizon)])


def fetch(sku, method):
    query = {"from": cut.isoformat(), "days": horizon}
    if method != "chosen":
        query["method"] = method
    url = f"{base}/api/v1/admin/skus/{urllib.parse.quote(sku, safe='')}/forecast?{urllib.parse.urlencode(query)}"
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=120) as response:
        body = json.load(response)
    if not body.get("enough_history"):
        return None, None
    return body["method"], [item["units"] for item in body["items"]]


results = {m: {} for m in METHODS}
chosen_methods = defaultdict(int)
with ThreadPoolExecutor(int(clients)) as pool:
    jobs = {(sku, m): pool.submit(fetch, sku, m) for sku in skus for m in METHODS}
    for (sku, m), job in jobs.items():
        try:
            method, units = job.result()
        except Exception as e:  # a SKU the server does not know or refuses is counted, not fatal
            method, units = None, None
            if m not in OPTIONAL:
                print(f"{sku} {m}: {e}", file=sys.stderr)
        if units is not None:
            results[m][sku] = units
            if m == "chosen":
                chosen_methods[method] += 1

scored = [s for s in skus if all(s in results[m] for m in METHODS if m not in OPTIONAL)]


def score(m, among):
    mase = [sum(abs(a - f) for a, f in zip(skus[s][1], results[m][s])) / horizon / scale(skus[s][0]) for s in among]
    total_f = [sum(results[m][s][k] for s in among) for k in range(horizon)]
    total_a = [sum(skus[s][1][k] for s in among) for k in range(horizon)]
    wape = sum(abs(f - a) for f, a in zip(total_f, total_a)) / max(1e-9, sum(total_a))
    return {"mean_mase": sum(mase) / max(1, len(mase)), "wape_total_daily_units": wape, "skus": len(among)}


figures = {}
for m in METHODS:
    figures[m] = score(m, [s for s in scored if s in results[m]])
for m in METHODS:
    among = [s for s in scored if s in results[m]]
    # every method's MASE against the target (10% below seasonal naive's on the same SKUs), WAPE against naive's
    naive = figures["seasonal_naive"] if len(among) == len(scored) else score("seasonal_naive", among)
    figures[m]["mase_target"] = f"<= {naive['mean_mase'] * 0.9:.4f} (10% below seasonal naive's on these SKUs)"
    figures[m]["mase_improvement"] = 1 - figures[m]["mean_mase"] / naive["mean_mase"]
    figures[m]["mase_verdict"] = "PASS" if figures[m]["mean_mase"] <= naive["mean_mase"] * 0.9 else "FAIL"
    figures[m]["wape_vs_seasonal_naive"] = naive["wape_total_daily_units"]
    figures[m]["wape_verdict"] = ("PASS" if figures[m]["wape_total_daily_units"] <= naive["wape_total_daily_units"]
                                  else "FAIL")

training = json.load(open(training_path))
model = next((m for m in training["status"].get("models", []) if m["model"] == "demand_forecast"), {})
target = figures["seasonal_naive"]["mean_mase"] * 0.9
improvement = 1 - figures["chosen"]["mean_mase"] / figures["seasonal_naive"]["mean_mase"]
print(json.dumps({
    "skus_qualifying": len(skus), "skus_scored": len(scored), "horizon_days": horizon,
    "chosen_methods": dict(chosen_methods), "methods": figures,
    "chosen_mase_vs_seasonal_naive": {
        "value": figures["chosen"]["mean_mase"], "target": f"<= {target:.4f} (10% below seasonal naive's)",
        "improvement": improvement, "verdict": "PASS" if figures["chosen"]["mean_mase"] <= target else "FAIL"},
    "training": {"duration_ms": model.get("duration_ms"), "rows_sku_days": model.get("rows"),
                 "last_error": model.get("last_error"), "details": model.get("details"),
                 "server_peak_rss_kb": training["server_peak_rss_kb"]},
}, indent=2))
