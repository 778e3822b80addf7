#!/usr/bin/env bash
# What an access-token check costs per request (JDK SunEC vs Bouncy Castle vs a cached verdict). No server needed.
# Usage: bash benchmarks/jwt.sh [tokens=5000]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target benchmarks/results
mvn -B -q -Dstyle.color=never compile dependency:build-classpath -Dmdep.outputFile=target/jwt-classpath.txt >/dev/null
out="benchmarks/results/jwt-$(date -u +%Y%m%dT%H%M%SZ).txt"
java -cp "target/classes:$(cat target/jwt-classpath.txt)" benchmarks/JwtVerify.java "${1:-5000}" | tee "$out"
