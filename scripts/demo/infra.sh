# Kafka, PostgreSQL and the services for ./test-kafka.sh (sourced): started here, stopped by stop_everything.

COMPOSE_FILE=docker-compose.kafka.yml
COMPOSE=()
DOCKER_STARTED_KAFKA=''
DEMO_DATABASE=''
# First retry after 300 ms instead of the services' 1 s (then doubling): step 9's retried order is paid in a second.
DEMO_RETRY_DELAY_MS=300
SERVICE_NAMES=(order-service payment-service-1 payment-service-2 notification-service analytics-service)

# The project CLI. Before the build it runs through ts-node (`npm run -s kafka --`); after it, the same code
# compiled, which starts in a tenth of the time: the demo calls it some forty times.
kafka() {
  if [[ -n "${CLI_COMPILED:-}" ]]; then node "$CLI_COMPILED" "$@"; else npm run -s kafka -- "$@"; fi
}

start_embedded_broker() {
  require_free_port "$BROKER_PORT" 'the embedded broker' KAFKA_BROKER_PORT
  show_cmd "npm run broker -- --port $BROKER_PORT --data-dir $DEMO_DIR/kafka --partitions 6"
  start_process broker npm run -s broker -- --host 127.0.0.1 --port "$BROKER_PORT" --data-dir "$DEMO_DIR/kafka" --partitions 6
  # its first stdout line, printed once it listens, is the bootstrap list
  local deadline=$((SECONDS + 60))
  until grep -q '^bootstrap servers:' "$LOG_DIR/broker.log" 2>/dev/null; do
    process_alive broker || fail 'the embedded broker exited while starting' 'a "bootstrap servers:" line' 'process gone' broker
    ((SECONDS < deadline)) || fail 'the embedded broker did not start within 60s' 'a "bootstrap servers:" line' '' broker
    sleep 0.2
  done
  BROKERS="127.0.0.1:$BROKER_PORT"
  say "$(grep -m1 '^bootstrap servers:' "$LOG_DIR/broker.log")  (log: $LOG_DIR/broker.log)"
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

# PostgreSQL: DATABASE_URL as given, else a database of the demo's own on the local server, dropped at the end.
prepare_database() {
  if [[ -n "${DATABASE_URL:-}" ]]; then
    say "PostgreSQL: DATABASE_URL as given (${DATABASE_URL%%\?*}); checks compare before/after, old data is fine"
    return 0
  fi
  local admin=${DEMO_POSTGRES_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
  local probe
  if ! probe=$(node "$DEMO_LIB/pg-database.js" probe "$admin" 2>&1); then
    fail 'two payment-service instances need PostgreSQL (PGlite belongs to one process), and none answers' \
      "PostgreSQL at $admin, or DATABASE_URL=postgres://user@host:port/db, or DEMO_POSTGRES_ADMIN_URL for another server" "$probe"
  fi
  DEMO_DATABASE="demo_$(date -u +%Y%m%d%H%M%S)_$$"
  node "$DEMO_LIB/pg-database.js" create "$admin" "$DEMO_DATABASE" || fail "cannot create database $DEMO_DATABASE" 'CREATE DATABASE to succeed' 'see above'
  DATABASE_URL="${admin%/*}/$DEMO_DATABASE"
  say "PostgreSQL: created database $DEMO_DATABASE on ${admin%/*} (dropped at the end); one schema per service"
}

drop_database() {
  [[ -n "$DEMO_DATABASE" ]] || return 0
  node "$DEMO_LIB/pg-database.js" drop "${DEMO_POSTGRES_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}" "$DEMO_DATABASE" \
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
    KAFKA_CLIENT_ID="$name" DATA_DIR="$DEMO_DIR/$name" LOG_LEVEL="${LOG_LEVEL:-info}" \
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
  if [[ -n "${PROC_PID[broker]:-}" ]]; then say 'stopping the embedded broker'; stop_process broker 20; fi
  stop_docker_kafka
  drop_database
}
