# Kafka, the database (PostgreSQL or PGlite over its protocol) and the services for ./test-kafka.sh (sourced): started here, stopped by stop_everything.

COMPOSE_FILE=docker-compose.kafka.yml
COMPOSE=()
DOCKER_STARTED_KAFKA=''
DEMO_DATABASE=''
# First retry after 300 ms instead of the services' 1 s (then doubling): step 9's retried order is paid in a second.
DEMO_RETRY_DELAY_MS=300
# The payment instances' admin token: as given, or a fresh one for this run.
ADMIN_TOKEN=${ADMIN_TOKEN:-$(node -e "process.stdout.write(require('node:crypto').randomBytes(18).toString('base64url'))")}
SERVICE_NAMES=(order-service payment-service-1 payment-service-2 notification-service analytics-service)

# The project CLI. Before the build it runs through ts-node (`npm run -s kafka --`); after it, the same code
# compiled, which starts in a tenth of the time: the demo calls it some forty times.
kafka() {
  if [[ -n "${CLI_COMPILED:-}" ]]; then node "$CLI_COMPILED" "$@"; else npm run -s kafka -- "$@"; fi
}

# wait_for_broker_line what seconds regex expected: until broker.log has a line matching regex (grep -E), failing
# with the log's end when the broker process exits or the time is up.
wait_for_broker_line() {
  local what=$1 seconds=$2 pattern=$3 expected=$4
  local deadline=$((SECONDS + seconds))
  until grep -qE "$pattern" "$LOG_DIR/broker.log" 2>/dev/null; do
    process_alive broker || fail "$what exited while starting" "$expected" 'process gone' broker
    ((SECONDS < deadline)) || fail "$what did not start within ${seconds}s" "$expected" '' broker
    sleep 0.2
  done
}

start_embedded_broker() {
  require_free_port "$BROKER_PORT" 'the embedded broker' KAFKA_BROKER_PORT
  show_cmd "npm run broker -- --port $BROKER_PORT --data-dir $DEMO_DIR/kafka --partitions 6"
  start_process broker npm run -s broker -- --host 127.0.0.1 --port "$BROKER_PORT" --data-dir "$DEMO_DIR/kafka" --partitions 6
  # its first stdout line, printed once it listens, is the bootstrap list
  wait_for_broker_line 'the embedded broker' 60 '^bootstrap servers:' 'a "bootstrap servers:" line'
  BROKERS="127.0.0.1:$BROKER_PORT"
  say "$(grep -m1 '^bootstrap servers:' "$LOG_DIR/broker.log")  (log: $LOG_DIR/broker.log)"
}

# Apache Kafka without Docker: npm run kafka:apache prints the bootstrap list as its first stdout line once the node
# serves; the jars come from Maven Central on first use (npm run setup:apache-kafka).
start_apache_kafka() {
  require_free_port "$BROKER_PORT" 'the Apache Kafka node' KAFKA_BROKER_PORT
  show_cmd "npm run kafka:apache -- --port $BROKER_PORT --data-dir $DEMO_DIR/apache-kafka"
  start_process broker npm run -s kafka:apache -- --port "$BROKER_PORT" --data-dir "$DEMO_DIR/apache-kafka"
  wait_for_broker_line 'Apache Kafka' 180 "^127\\.0\\.0\\.1:$BROKER_PORT\$" "a \"127.0.0.1:$BROKER_PORT\" line"
  BROKERS="127.0.0.1:$BROKER_PORT"
  say "Apache Kafka serves on $BROKERS: $(grep -m1 'up in' "$LOG_DIR/broker.log")  (log: $LOG_DIR/broker.log; the node's own in $DEMO_DIR/apache-kafka/node-1/logs)"
}

start_docker_kafka() {
  command -v docker >/dev/null || fail 'docker is not installed' 'the docker client and a running engine' 'no docker command'
  if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose); elif command -v docker-compose >/dev/null; then COMPOSE=(docker-compose); else
    fail 'neither "docker compose" nor docker-compose is installed' 'one of them' 'none'
  fi
  local info
  if ! info=$(docker info 2>&1); then
    fail 'docker has no engine to talk to: start Docker (or run without --docker: the embedded broker needs nothing)' \
      'docker info to succeed' "$(printf '%s' "$info" | tail -n 2 | tr '\n' ' ')"
  fi
  local id
  id=$("${COMPOSE[@]}" -f "$COMPOSE_FILE" ps -q kafka 2>/dev/null || true)
  if [[ -n "$id" && "$(docker inspect -f '{{.State.Health.Status}}' "$id" 2>/dev/null)" == healthy ]]; then
    say 'the compose Kafka is already running: using it, and leaving it running at the end'
  else
    show_cmd "${COMPOSE[*]} -f $COMPOSE_FILE up -d"
    "${COMPOSE[@]}" -f "$COMPOSE_FILE" up -d 2>&1 | indent
    DOCKER_STARTED_KAFKA=1
  fi
  # the compose file's healthcheck asks the broker itself (kafka-broker-api-versions.sh), not just the port
  say 'waiting for the kafka container to report healthy (its first start formats the volume: up to a few minutes)'
  local deadline=$((SECONDS + 300)) health=''
  while [[ "$health" != healthy ]]; do
    ((SECONDS < deadline)) || fail 'the kafka container is not healthy after 300s' healthy "${health:-no container}"
    sleep 2
    id=$("${COMPOSE[@]}" -f "$COMPOSE_FILE" ps -q kafka 2>/dev/null || true)
    health=$([[ -n "$id" ]] && docker inspect -f '{{.State.Health.Status}}' "$id" 2>/dev/null || true)
  done
  # from the host the EXTERNAL listener, advertised as localhost:9092
  BROKERS=localhost:9092
}

stop_docker_kafka() {
  [[ -n "$DOCKER_STARTED_KAFKA" ]] || return 0
  say "${COMPOSE[*]} -f $COMPOSE_FILE down   (the data volume is kept)"
  "${COMPOSE[@]}" -f "$COMPOSE_FILE" down >/dev/null 2>&1 || say 'compose down failed: stop the stack by hand'
  DOCKER_STARTED_KAFKA=''
}

# The database: DATABASE_URL as given; else a database of the demo's own on the local PostgreSQL (dropped at the
# end); else, with no PostgreSQL answering (or DEMO_PGLITE=1), PGlite served over the PostgreSQL protocol on a unix
# socket in $DEMO_DIR, so the two payment instances share it as they would share PostgreSQL.
DEMO_ADMIN_URL=${DEMO_POSTGRES_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}

# with_database url name: the URL with its database replaced, query (?host=/socket/dir) kept.
with_database() {
  local base=${1%%\?*}
  local query=${1:${#base}}
  printf '%s/%s%s' "${base%/*}" "$2" "$query"
}

prepare_database() {
  if [[ -n "${DATABASE_URL:-}" ]]; then
    say "PostgreSQL: DATABASE_URL as given (${DATABASE_URL%%\?*}); checks compare before/after, old data is fine"
    return 0
  fi
  local probe=''
  if [[ "${DEMO_PGLITE:-}" != 1 ]] && probe=$(node "$DEMO_LIB/pg-database.js" probe "$DEMO_ADMIN_URL" 2>&1); then
    DEMO_DATABASE="demo_$(date -u +%Y%m%d%H%M%S)_$$"
    node "$DEMO_LIB/pg-database.js" create "$DEMO_ADMIN_URL" "$DEMO_DATABASE" || fail "cannot create database $DEMO_DATABASE" 'CREATE DATABASE to succeed' 'see above'
    DATABASE_URL=$(with_database "$DEMO_ADMIN_URL" "$DEMO_DATABASE")
    say "PostgreSQL: created database $DEMO_DATABASE on ${DEMO_ADMIN_URL%%\?*} (dropped at the end); one schema per service"
    return 0
  fi
  if [[ -n "$probe" ]]; then say "no PostgreSQL answers ($(head -n 1 <<<"$probe")): using PGlite over the PostgreSQL protocol instead"; fi
  start_pglite_server
}

start_pglite_server() {
  show_cmd "node $DEMO_LIB/pglite-server.js $DEMO_DIR/pglite $DEMO_DIR/pg"
  start_process pglite node "$DEMO_LIB/pglite-server.js" "$DEMO_DIR/pglite" "$DEMO_DIR/pg"
  # a fresh PGlite runs initdb first: some 10-30 s on two cores
  local deadline=$((SECONDS + 120)) next_note=$((SECONDS + 3))
  until grep -q '^listening on ' "$LOG_DIR/pglite.log" 2>/dev/null; do
    process_alive pglite || fail 'the PGlite server exited while starting' 'a "listening on" line' 'process gone' pglite
    ((SECONDS < deadline)) || fail 'the PGlite server did not start within 120s' 'a "listening on" line' '' pglite
    if ((SECONDS >= next_note)); then say "PGlite is creating its database ($((SECONDS - deadline + 120))s so far)"; next_note=$((SECONDS + 5)); fi
    sleep 0.2
  done
  DATABASE_URL="postgres://postgres@/postgres?host=$DEMO_DIR/pg"
  say "PGlite: $(grep -m1 '^listening on ' "$LOG_DIR/pglite.log") (data in $DEMO_DIR/pglite, log: $LOG_DIR/pglite.log)"
}

drop_database() {
  [[ -n "$DEMO_DATABASE" ]] || return 0
  node "$DEMO_LIB/pg-database.js" drop "$DEMO_ADMIN_URL" "$DEMO_DATABASE" \
    && say "dropped database $DEMO_DATABASE" || say "could not drop database $DEMO_DATABASE: drop it by hand"
  DEMO_DATABASE=''
}

port_of() {
  case $1 in
    order-service) echo "$ORDER_PORT" ;; payment-service-1) echo "$PAYMENT_PORT" ;; payment-service-2) echo "$PAYMENT2_PORT" ;;
    notification-service) echo "$NOTIFICATION_PORT" ;; analytics-service) echo "$ANALYTICS_PORT" ;;
  esac
}
# Base URLs by process name. Kept in variables rather than computed in nested $(...): bash 5.2 can fail to parse a
# trap (exit 2 instead of the trap's) when a signal lands while it runs a command substitution nested in another.
declare -A URL=()
for _name in "${SERVICE_NAMES[@]}"; do URL[$_name]="http://127.0.0.1:$(port_of "$_name")"; done
unset _name

# start_service name: the compiled service, its own port and log; the payment instances differ by client id.
start_service() {
  local name=$1 app=${1%-[0-9]}
  require_free_port "$(port_of "$name")" "$name" "$(port_variable "$name")"
  start_process "$name" env PORT="$(port_of "$name")" HOST=127.0.0.1 KAFKA_BROKERS="$BROKERS" DATABASE_URL="$DATABASE_URL" \
    KAFKA_CLIENT_ID="$name" DATA_DIR="$DEMO_DIR/$name" LOG_LEVEL="${LOG_LEVEL:-info}" ADMIN_TOKEN="$ADMIN_TOKEN" \
    KAFKA_RETRY_INITIAL_DELAY_MS="${KAFKA_RETRY_INITIAL_DELAY_MS:-$DEMO_RETRY_DELAY_MS}" node "dist/apps/$app/src/main.js"
}

port_variable() {
  case $1 in
    order-service) echo ORDER_SERVICE_PORT ;; payment-service-1) echo PAYMENT_SERVICE_PORT ;; payment-service-2) echo PAYMENT_SERVICE_EXTRA_PORT ;;
    notification-service) echo NOTIFICATION_SERVICE_PORT ;; analytics-service) echo ANALYTICS_SERVICE_PORT ;;
  esac
}

# The EXIT trap: services, then the broker or compose stack, then the database. Safe to run twice.
stop_everything() {
  local running=() name
  for name in "${SERVICE_NAMES[@]}"; do [[ -n "${PROC_PID[$name]:-}" ]] && running+=("$name"); done
  if ((${#running[@]} > 0)); then say "stopping ${running[*]}"; stop_processes "${running[@]}"; fi
  if [[ -n "${PROC_PID[build]:-}" ]]; then say 'stopping npm run build'; stop_process build 5; fi
  if [[ -n "${PROC_PID[broker]:-}" ]]; then say "stopping $([[ $MODE == apache ]] && echo 'Apache Kafka' || echo 'the embedded broker')"; stop_process broker 40; fi
  stop_docker_kafka
  if [[ -n "${PROC_PID[pglite]:-}" ]]; then say 'stopping the PGlite server'; stop_process pglite 20; fi
  drop_database
}
