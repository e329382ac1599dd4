#!/usr/bin/env bash
# The project's end-to-end demonstration: Kafka, the four services (payment-service twice) and the operator CLI,
# each step explained and checked. Run ./test-kafka.sh --help. Helpers live in scripts/demo/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
DEMO_LIB=scripts/demo
DEMO_STARTED_AT=$SECONDS

usage() {
  cat <<'HELP'
Usage: ./test-kafka.sh [--apache | --docker] [--keep] [--help]

Runs the system end to end and checks every step, failing loudly (exit 1) with what was expected, what was seen and
the end of the relevant log: start Kafka and the database, verify the broker, create the topics (6 partitions),
build and start the services with two payment-service instances, pay orders, show the consumer group split and
its lag draining, pub/sub to notification and analytics, replay without double payment, dead letters and redrive,
live metrics. Everything it started is stopped on exit, Ctrl-C included. It starts no PostgreSQL: it uses one
that answers, or else PGlite. Wall time is printed at the end (several minutes on two busy cores).

Kafka (one of):
  (default)            the embedded broker (npm run broker), data in .demo/run.*/kafka: no Docker needed
  --apache             Apache Kafka 4.1 without Docker (npm run kafka:apache: one KRaft node from the jars that
                       npm run setup:apache-kafka fetches from Maven Central; needs Java 17+ and Maven)
  --docker             docker-compose.kafka.yml (real Kafka 4.1) on localhost:9092; needs a running Docker engine
  KAFKA_BROKERS=h:p    an existing cluster; nothing is started for Kafka

Options:
  --keep               keep .demo/run.*/ (broker data and logs) after a successful run; a failed run always keeps it
  -h, --help           this text

Environment:
  DATABASE_URL                PostgreSQL for all services (one schema each); socket URLs work
                              (postgres://user@/db?host=/var/run/postgresql). Unset: a database demo_<time>_<pid> is
                              created on DEMO_POSTGRES_ADMIN_URL (postgres://postgres@127.0.0.1:5432/postgres) and
                              dropped at the end; when no PostgreSQL answers there, PGlite is served over the
                              PostgreSQL protocol on a unix socket in .demo/run.*/pg so both payment instances share it
                              (its connections share one session: advisory locks do not exclude each other there).
  ADMIN_TOKEN                 Bearer token of the payment admin endpoints (default: a fresh random one per run)
  DEMO_PGLITE=1               use PGlite over the PostgreSQL protocol even when a PostgreSQL answers
  KAFKA_BROKER_PORT           port of the embedded broker or of the Apache Kafka node (9092)
  ORDER_SERVICE_PORT 3002, PAYMENT_SERVICE_PORT 3003, PAYMENT_SERVICE_EXTRA_PORT 3006 (second payment instance),
  NOTIFICATION_SERVICE_PORT 3004, ANALYTICS_SERVICE_PORT 3005, LOG_LEVEL (info), NO_COLOR

Logs: .demo/run.*/logs/<process>.log (JSON lines from the services).
HELP
}

MODE=embedded
KEEP=''
for arg in "$@"; do
  case $arg in
    --docker) MODE=docker ;;
    --apache) MODE=apache ;;
    --keep) KEEP=1 ;;
    -h | --help) usage; exit 0 ;;
    *) printf 'test-kafka.sh: unknown argument %s (try --help)\n' "$arg" >&2; exit 2 ;;
  esac
done
if [[ -n "${KAFKA_BROKERS:-}" ]]; then
  if [[ $MODE != embedded ]]; then printf 'test-kafka.sh: give --%s or KAFKA_BROKERS, not both\n' "$MODE" >&2; exit 2; fi
  MODE=external
fi

port_setting() {
  local value=${!1:-$2}
  if [[ ! "$value" =~ ^[0-9]{1,5}$ ]] || ((value < 1 || value > 65535)); then
    printf 'test-kafka.sh: %s must be a port number (1-65535), got "%s"\n' "$1" "$value" >&2
    exit 2
  fi
  echo "$value"
}
BROKER_PORT=$(port_setting KAFKA_BROKER_PORT 9092)
ORDER_PORT=$(port_setting ORDER_SERVICE_PORT 3002)
PAYMENT_PORT=$(port_setting PAYMENT_SERVICE_PORT 3003)
PAYMENT2_PORT=$(port_setting PAYMENT_SERVICE_EXTRA_PORT 3006)
NOTIFICATION_PORT=$(port_setting NOTIFICATION_SERVICE_PORT 3004)
ANALYTICS_PORT=$(port_setting ANALYTICS_SERVICE_PORT 3005)

for tool in node npm curl setsid; do
  command -v "$tool" >/dev/null || { printf 'test-kafka.sh: %s is required\n' "$tool" >&2; exit 2; }
done

source "$DEMO_LIB/ui.sh"
source "$DEMO_LIB/processes.sh"
source "$DEMO_LIB/infra.sh"
source "$DEMO_LIB/steps-setup.sh"
source "$DEMO_LIB/steps-flow.sh"
source "$DEMO_LIB/steps-operations.sh"

mkdir -p .demo
DEMO_DIR=$(mktemp -d "$PWD/.demo/run.XXXXXX")
LOG_DIR=$DEMO_DIR/logs
mkdir -p "$LOG_DIR"
RUN_ID=$(date -u +%H%M%S)$RANDOM

on_exit() {
  local code=$?
  trap - EXIT INT TERM
  set +e
  if ((code != 0)); then printf '\n%s== Stopping everything the demo started (exit %s) ==%s\n' "$C_BOLD" "$code" "$C_OFF"; fi
  stop_everything
  if ((code == 0)) && [[ -z "$KEEP" ]]; then rm -rf "$DEMO_DIR"; else say "logs and data kept in $DEMO_DIR"; fi
  printf '%s\n' "${C_DIM}wall time: $(elapsed)s${C_OFF}"
  exit "$code"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

printf '%sEvent-driven microservices on Kafka: the end-to-end demo%s (mode: %s; logs in %s)\n' "$C_BOLD" "$C_OFF" "$MODE" "$LOG_DIR"

step_1_infrastructure
step_2_verify_broker
step_3_topics
step_4_services
step_5_orders_paid
step_6_consumer_group
step_7_pub_sub
step_8_replay
step_9_dead_letters
step_10_metrics_and_stop

printf '\n%s✔ All 10 steps passed in %ss.%s\n' "$C_BOLD$C_GREEN" "$(elapsed)" "$C_OFF"
