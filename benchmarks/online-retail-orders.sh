#!/usr/bin/env bash
# Converts the UCI Online Retail export (../shared/datasets/online-retail/, CC BY 4.0) into Surge's canonical order
# history CSV for POST /api/v1/admin/imports/orders. What it keeps and drops: see
# src/dev/java/io/surge/dev/bench/OnlineRetailOrders.java (guest orders kept, cancellations as cancelled orders,
# postage/fee/manual lines and zero/negative prices dropped, pounds to pence). A summary goes to stderr.
# Usage: bash benchmarks/online-retail-orders.sh INPUT.csv[.gz] OUTPUT.csv
# Optional: ONLINE_RETAIL_FROM=yyyy-mm-dd ONLINE_RETAIL_BEFORE=yyyy-mm-dd keep only orders in that window.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 INPUT.csv[.gz] OUTPUT.csv" >&2; exit 2; }
input=$(realpath "$1")
output=$(realpath -m "$2")
cd "$(dirname "$0")/.."
mvn -B -q -Pdev compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
java -cp "target/dev/classes:$(cat target/bench-classpath.txt)" io.surge.dev.bench.OnlineRetailOrders \
  "$input" "$output"
