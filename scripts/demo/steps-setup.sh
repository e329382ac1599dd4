# Steps 1-4 of ./test-kafka.sh (sourced): infrastructure, broker, topics, services.

BUSINESS_TOPICS=(order-created payment-processed payment-failed)
DLQ_TOPICS=(order-created-dlq payment-processed-dlq payment-failed-dlq)

step_1_infrastructure() {
  step 1 'Start the infrastructure' \
    'Kafka and PostgreSQL, each waited for by asking it (the broker announcing its listener, then a real Kafka request in step 2; a SQL connection), never by sleeping. The broker runs on its own so it outlives the services: step 8 stops them and keeps it.'
  case $MODE in
    embedded) start_embedded_broker ;;
    apache) start_apache_kafka ;;
    docker) start_docker_kafka ;;
    external)
      BROKERS=$KAFKA_BROKERS
      say "Kafka: the cluster at $BROKERS (KAFKA_BROKERS); the demo starts no broker"
      ;;
  esac
  export KAFKA_BROKERS=$BROKERS
  prepare_database
  # compiling takes a good part of the demo's two minutes on two cores: it runs while steps 2 and 3 talk to Kafka
  show_cmd 'npm run build &   # compiles meanwhile, in the background'
  start_process build npm run -s build
}

step_2_verify_broker() {
  step 2 'Verify the broker' \
    'A Metadata request through the project CLI (kafkajs), and, when kcat is installed, librdkafka: two independent clients speaking the Kafka wire protocol to the same broker.'
  finish_build
  show_cmd 'npm run -s kafka -- topics list --json'
  local out
  out=$(kafka topics list --json --connect-timeout-ms 15000 2>&1) || fail "the broker at $BROKERS does not answer" 'exit 0 and a topic list' "$out" broker
  ok "the broker at $BROKERS answers: $(json 'j.topics.length' <<<"$out") topic(s) so far"
  if command -v kcat >/dev/null; then
    show_cmd "kcat -b $BROKERS -L"
    out=$(kcat -b "$BROKERS" -L -m 10 2>&1) || fail 'kcat cannot read the metadata' 'exit 0' "$out" broker
    grep -E 'broker|brokers' <<<"$out" | head -n 2 | indent
    ok 'kcat (librdkafka) reads the metadata too'
  else
    say 'kcat is not installed: skipping the second client'
  fi
}

step_3_topics() {
  step 3 'Create the topics' \
    'The business topics with 6 partitions (the unit of parallelism: at most 6 consumers of one group share the work) and their dead-letter topics, where messages that cannot be processed are parked. The services create their retry and redrive topics themselves at start-up.'
  local existing topic
  existing=$(kafka topics list --json | json 'j.topics.map((t) => t.name).join(" ")')
  for topic in "${BUSINESS_TOPICS[@]}" "${DLQ_TOPICS[@]}"; do
    if [[ " $existing " == *" $topic "* ]]; then
      say "$topic exists already"
    else
      show_cmd "npm run -s kafka -- topics create $topic --partitions 6"
      kafka topics create "$topic" --partitions 6 | indent
    fi
  done
  local listing
  listing=$(kafka topics list --json)
  for topic in "${BUSINESS_TOPICS[@]}" "${DLQ_TOPICS[@]}"; do
    local partitions
    partitions=$(json "(j.topics.find((t) => t.name === '$topic') || {partitions: 'missing'}).partitions" <<<"$listing")
    [[ "$partitions" == 6 ]] || fail "topic $topic must have 6 partitions (it existed before with another count? use a fresh cluster)" 6 "$partitions"
  done
  ok "6 partitions each: ${BUSINESS_TOPICS[*]} ${DLQ_TOPICS[*]}"
}

step_4_services() {
  step 4 'Build and start the services' \
    'npm run build (started in step 1, awaited in step 2) compiled every app; now the compiled services start as separate processes, payment-service twice (one consumer group, two members). A service is ready when /health answers 200 (database and Kafka checked) and its consumer group is Stable.'
  local name
  say "npm run build finished at +${BUILD_SECONDS}s: dist/apps/<service>/src/main.js"

  for name in "${SERVICE_NAMES[@]}"; do
    show_cmd "PORT=$(port_of "$name") KAFKA_CLIENT_ID=$name KAFKA_BROKERS=$BROKERS DATABASE_URL=… KAFKA_RETRY_INITIAL_DELAY_MS=$DEMO_RETRY_DELAY_MS node dist/apps/${name%-[0-9]}/src/main.js"
    start_service "$name"
  done
  for name in "${SERVICE_NAMES[@]}"; do
    wait_for_health "$name" "${URL[$name]}/health" 120
    ok "$name ready on ${URL[$name]}  (log: $LOG_DIR/$name.log)"
  done
  EVENTUALLY_LOGS=(payment-service-1 payment-service-2)
  eventually 'consumer group payment-service to be Stable with 2 members' 90 group_is payment-service Stable 2
  EVENTUALLY_LOGS=(order-service notification-service analytics-service)
  for name in order-service notification-service analytics-service; do
    eventually "consumer group $name to be Stable with 1 member" 90 group_is "$name" Stable 1
  done
  EVENTUALLY_LOGS=()
  ok 'consumer groups Stable: payment-service (2 members), order-service, notification-service, analytics-service'
}

# Waits for the build started in step 1. From then on the demo runs the project CLI compiled (the same code as
# npm run -s kafka --, which compiles it with ts-node on every call: a second of CPU each, some forty times).
finish_build() {
  say 'waiting for npm run build (started in step 1): the CLI below runs compiled'
  local build_exit=0
  wait "${PROC_PID[build]}" || build_exit=$?
  unset 'PROC_PID[build]'
  ((build_exit == 0)) || fail 'npm run build failed' 'exit 0' "exit $build_exit" build
  local name
  for name in order-service payment-service notification-service analytics-service kafka-cli; do
    [[ -f "dist/apps/$name/src/main.js" ]] || fail "the build did not produce dist/apps/$name/src/main.js" 'the file' 'missing' build
  done
  BUILD_SECONDS=$(elapsed)
  CLI_COMPILED=dist/apps/kafka-cli/src/main.js
  ok "built in ${BUILD_SECONDS}s; \`npm run -s kafka -- ARGS\` below runs as node $CLI_COMPILED ARGS"
}

# group_is group state members: a probe for `eventually`; prints what it saw when it does not match.
group_is() {
  local out seen
  out=$(kafka groups describe "$1" --json 2>&1) || { echo "$out"; return 1; }
  seen=$(json 'j.state + " " + j.members.length' <<<"$out")
  [[ "$seen" == "$2 $3" ]] || { echo "group $1: $seen member(s)"; return 1; }
}
