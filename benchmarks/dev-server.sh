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

# start_more_servers NAME PORT N starts processes 2..N beside the dev server that start_dev_server NAME PORT started:
# the same server (dev launcher, so it finds the dev keys and adds nothing but itself) in JVMs of their own on its
# PostgreSQL, Redis, Kafka, signing key and token issuer; process i listens on PORT + 10 i (management: + 1), with
# whatever SURGE_* settings the caller exported. Waits until each is ready; all are stopped when the script exits.
# Needs target/bench-classpath.txt. Sets $server_pids (every server JVM, the first one's included: a comma list)
# and $server_bases (their base URLs, a comma list).
start_more_servers() {
  local name=$1 port=$2 count=$3 log=target/bench-$1-server.log
  local pgport redis first
  pgport=$(grep -o 'postgresql://127.0.0.1:[0-9]*' "$log" | sed -n 1p | cut -d: -f3)
  redis=$(grep -o 'redis://127.0.0.1:[0-9]*' "$log" | sed -n 1p)
  [ -n "$pgport" ] && [ -n "$redis" ] || { echo "no PostgreSQL/Redis address in $log" >&2; exit 1; }
  first=$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  server_pids=$first
  server_bases="http://127.0.0.1:$port"
  more_servers=()
  trap 'for p in "${more_servers[@]}"; do kill -TERM $p 2>/dev/null || true; done; kill -TERM -- -$server 2>/dev/null || true; wait $server 2>/dev/null || true; [ "${kafka_pid:-0}" = 0 ] || kill $kafka_pid 2>/dev/null || true' EXIT
  for i in $(seq 2 "$count"); do
    local p=$((port + 10 * i))
    env SURGE_HTTP_PORT=$p SURGE_MANAGEMENT_PORT=$((p + 1)) \
      SURGE_DEV_DATA_DIR=target/bench-$name-$i SURGE_DEV_DEMO_IMAGES=0 SURGE_DEV_DEMO_PRODUCTS=0 \
      SURGE_POSTGRES_HOST=127.0.0.1 SURGE_POSTGRES_PORT=$pgport SURGE_POSTGRES_USER=postgres SURGE_POSTGRES_PASSWORD=postgres \
      SURGE_REDIS_URI=$redis SURGE_JWT_ISSUER="${SURGE_JWT_ISSUER:-http://localhost:$port}" \
      SURGE_JWT_PRIVATE_KEY_FILE="$PWD/target/bench-$name/jwt/es256-private.pem" \
      SURGE_JWT_PUBLIC_KEY_FILE="$PWD/target/bench-$name/jwt/es256-public.pem" \
      java -Dlogback.configurationFile=src/dev/resources/logback-dev.xml \
      -cp "target/dev/classes:$(cat target/bench-classpath.txt)" io.surge.dev.DevLauncher > "target/bench-$name-$i.log" 2>&1 &
    more_servers+=($!)
    server_pids="$server_pids,$!"
    server_bases="$server_bases,http://127.0.0.1:$p"
  done
  for i in $(seq 2 "$count"); do
    local p=$((port + 10 * i))
    for _ in $(seq 1 180); do
      curl -fsS "http://127.0.0.1:$p/health/ready" >/dev/null 2>&1 && break
      sleep 1
    done
    curl -fsS "http://127.0.0.1:$p/health/ready" >/dev/null || { tail -30 "target/bench-$name-$i.log"; exit 1; }
  done
}
