# Sourced by the benchmark scripts. start_dev_server NAME PORT [--wipe] starts the dev server (embedded
# PostgreSQL, Redis and Kafka; data in target/bench-NAME; no demo images or products unless asked; one
# event loop per core) with whatever SURGE_* settings the caller puts before the call, waits until
# /health/ready answers, and stops it with its services when the calling script exits.
# Metrics are served on the management port only: PORT+1 unless SURGE_MANAGEMENT_PORT says otherwise.
# Sets $server (the server's pid, for CPU readings), $server_log and $management_port.
start_dev_server() {
  local name=$1 port=$2 wipe=${3:-}
  server_log=target/bench-$name-server.log
  management_port=${SURGE_MANAGEMENT_PORT:-$((port + 1))}
  mkdir -p target
  SURGE_HTTP_PORT=$port SURGE_MANAGEMENT_PORT=$management_port SURGE_DEV_DATA_DIR=target/bench-$name SURGE_DEV_DEMO_IMAGES=0 \
    SURGE_DEV_DEMO_PRODUCTS=${SURGE_DEV_DEMO_PRODUCTS:-0} SURGE_HTTP_INSTANCES=${SURGE_HTTP_INSTANCES:-0} \
    setsid mvn -B -q -Pdev compile exec:java ${wipe:+-Dexec.args=$wipe} > "$server_log" 2>&1 &
  server=$!
  trap 'kill -TERM -- -$server 2>/dev/null || true; wait $server 2>/dev/null || true; [ "${kafka_pid:-0}" = 0 ] || kill $kafka_pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 600); do # a first catalog seed of 100 000 products takes minutes
    curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$server" 2>/dev/null || { tail -30 "$server_log"; exit 1; }
    sleep 1
  done
  echo "the dev server was not ready within 600 s; see $server_log" >&2
  exit 1
}

# start_kafka_process NAME runs a single-node Kafka (io.surge.dev.EmbeddedKafka's main) in a JVM of its own, so
# the server's CPU figures are Surge's alone; exports SURGE_KAFKA_BOOTSTRAP_SERVERS for start_dev_server and sets
# $kafka_pid (stopped with the server). Needs target/bench-classpath.txt (mvn -Pdev dependency:build-classpath).
start_kafka_process() {
  local name=$1
  rm -rf "target/bench-$name-kafka" && mkdir -p target
  java -Xmx1g -cp "target/dev/classes:$(cat target/bench-classpath.txt)" io.surge.dev.EmbeddedKafka "target/bench-$name-kafka" \
    > "target/bench-$name-kafka.log" 2>&1 &
  kafka_pid=$!
  trap 'kill $kafka_pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do grep -q '^bootstrap=' "target/bench-$name-kafka.log" && break; sleep 1; done
  SURGE_KAFKA_BOOTSTRAP_SERVERS=$(grep '^bootstrap=' "target/bench-$name-kafka.log" | cut -d= -f2)
  export SURGE_KAFKA_BOOTSTRAP_SERVERS
  [ -n "$SURGE_KAFKA_BOOTSTRAP_SERVERS" ] || { tail -20 "target/bench-$name-kafka.log"; exit 1; }
}
