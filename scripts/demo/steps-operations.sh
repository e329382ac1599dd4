# Steps 8-10 of ./test-kafka.sh (sourced): replay, dead letters, metrics and shutdown.

PAYMENT_INSTANCES=(payment-service-1 payment-service-2)

payment_metrics() { curl -s --max-time 5 "${URL[payment-service-1]}/metrics" "${URL[payment-service-2]}/metrics"; }
all_metrics() { local name; for name in "${SERVICE_NAMES[@]}"; do curl -s --max-time 5 "${URL[$name]}/metrics"; done; }
topic_end() { kafka topics describe "$1" --json | json 'j.partitions.reduce((s, p) => s + p.high, 0)'; }
payments_of() { local id; for id in "$@"; do curl -s "${URL[payment-service-1]}/payments/$id" | json 'j.paymentId'; done | tr '\n' ' '; }

start_payment_instances() {
  local name
  for name in "${PAYMENT_INSTANCES[@]}"; do start_service "$name"; done
  for name in "${PAYMENT_INSTANCES[@]}"; do wait_for_health "$name" "${URL[$name]}/health" 120; done
  EVENTUALLY_LOGS=("${PAYMENT_INSTANCES[@]}")
  eventually 'consumer group payment-service to be Stable with 2 members' 90 group_is payment-service Stable 2
  EVENTUALLY_LOGS=()
}

step_8_replay() {
  step 8 'Replay: re-read every order, pay none twice' \
    "Moving a group's offsets back makes it re-read events (to rebuild state, or after a bug fix). Kafka takes the move only from a group without members, so both payment instances stop while the broker keeps running. Re-read OrderCreated events must be recognised (inbox and one payment per order) and charge nobody twice."
  local processed_before failed_before payments_before
  processed_before=$(topic_end payment-processed)
  failed_before=$(topic_end payment-failed)
  payments_before=$(payments_of "${PAID_ORDERS[@]}")

  say 'stopping both payment-service instances (SIGTERM: they leave the group at once)'
  stop_processes "${PAYMENT_INSTANCES[@]}"
  eventually 'group payment-service to be Empty' 60 group_is payment-service Empty 0
  ok 'group payment-service is Empty: its offsets may move'
  show_cmd 'npm run -s kafka -- offsets reset payment-service --topic order-created --to-earliest'
  kafka offsets reset payment-service --topic order-created --to-earliest | indent
  local replay
  replay=$(kafka groups describe payment-service --json |
    json 'j.offsets.filter((o) => o.topic === "order-created").reduce((s, o) => s + o.end - (o.committed ?? 0), 0)')
  check_ge 'OrderCreated events the group will read again' $((${#PAID_ORDERS[@]} + 1 + BURST_SIZE)) "$replay"

  say 'starting both payment-service instances again'
  start_payment_instances
  EVENTUALLY_LOGS=("${PAYMENT_INSTANCES[@]}")
  eventually 'group payment-service to read everything again' 90 group_lag_is_zero payment-service
  EVENTUALLY_LOGS=()
  local metrics
  metrics=$(payment_metrics)
  show_cmd "curl -s ${URL[payment-service-1]}/metrics ${URL[payment-service-2]}/metrics | grep ^payments_total"
  grep '^payments_total' <<<"$metrics" | indent || say '(no payments_total samples)'
  # on a fresh cluster every re-read event is an order already paid; on a reused one, older records (a poison
  # message of an earlier run) are re-read too and end elsewhere, so only this run's orders are counted for sure
  check_ge "of $replay re-read events, recognised as already paid (payments_total{outcome=\"duplicate\"})" \
    $((${#PAID_ORDERS[@]} + 1 + BURST_SIZE)) "$(prom_sum payments_total outcome=duplicate <<<"$metrics")" "${PAYMENT_INSTANCES[@]}"
  check_eq 'new payments made by the replay (paid, declined)' '0 0' \
    "$(prom_sum payments_total outcome=paid <<<"$metrics") $(prom_sum payments_total outcome=declined <<<"$metrics")" "${PAYMENT_INSTANCES[@]}"
  say 'what the instances logged for the re-read events (first two of each):'
  local name
  for name in "${PAYMENT_INSTANCES[@]}"; do
    { grep -h 'already has a payment' "$LOG_DIR/$name.log" || true; } | head -n 2 | while IFS= read -r line; do
      printf '%s: %s\n' "$name" "$(json 'j.msg' <<<"$line")"
    done | indent
  done
  check_eq 'records in payment-processed and payment-failed' "$processed_before $failed_before" "$(topic_end payment-processed) $(topic_end payment-failed)"
  check_eq "payment ids of the ${#PAID_ORDERS[@]} step-5 orders" "$payments_before" "$(payments_of "${PAID_ORDERS[@]}")"
  local id
  for id in "${PAID_ORDERS[@]}"; do order_has_status "$id" PAID >/dev/null || fail "order $id after the replay" PAID "$(order_status "$id")"; done
  ok 'every order still PAID, once'
}

# dead_letter_of key group: "partition offset errorType" of the dead letter with that key failed by that group.
dead_letter_of() {
  local found
  found=$(kafka dlq list --topic order-created-dlq --group "$2" --json |
    json "j.deadLetters.filter((d) => d.key === '$1').map((d) => d.partition + ' ' + d.offset + ' ' + d.errorType)[0]")
  [[ -n "$found" ]] || { echo "no dead letter with key $1 failed by $2 yet"; return 1; }
  echo "$found"
}

step_9_dead_letters() {
  step 9 'Retries and dead letters' \
    'A transient failure (gateway timeout) is retried through retry topics, without holding up the partition (first retry after KAFKA_RETRY_INITIAL_DELAY_MS, 300 ms in this demo, then doubling). A message that can never be processed is parked in <topic>-dlq with dlq-* headers saying where it came from, which group failed it and why; once the cause is fixed it can be redriven to that group alone.'
  say 'a) transient: user test-flaky-* times out twice, then is approved'
  local flaky retried
  flaky=$(place_order "test-flaky-$RUN_ID" umbrella 1 15)
  EVENTUALLY_LOGS=("${PAYMENT_INSTANCES[@]}")
  eventually "order $flaky (flaky) to reach PAID" 45 order_has_status "$flaky" PAID
  retried=$(payment_metrics | prom_sum kafka_messages_retried_total group=payment-service)
  check_ge "retries of payment-service (kafka_messages_retried_total) before order $flaky was PAID" 2 "$retried" "${PAYMENT_INSTANCES[@]}"

  say 'b) poison: a record on order-created that is not even JSON'
  show_cmd "npm run -s kafka -- produce order-created --key poison-$RUN_ID --header event-type=OrderCreated 'this is not JSON'"
  kafka produce order-created --key "poison-$RUN_ID" --header event-type=OrderCreated 'this is not JSON' | indent
  local group position
  EVENTUALLY_LOGS=("${PAYMENT_INSTANCES[@]}" notification-service analytics-service)
  for group in payment-service notification-service analytics-service; do
    eventually "the poison message dead-lettered by $group" 30 dead_letter_of "poison-$RUN_ID" "$group"
  done
  ok 'each of the three groups reading order-created parked its own copy in order-created-dlq'
  position=$(dead_letter_of "poison-$RUN_ID" payment-service)
  read -r p o _ <<<"$position"
  show_cmd "npm run -s kafka -- dlq show order-created-dlq $p $o"
  kafka dlq show order-created-dlq "$p" "$o" | sed -n '1,/^Value/p' | grep -v '^Value' | indent
  local shown
  shown=$(kafka dlq show order-created-dlq "$p" "$o" --json)
  check_eq 'its headers (dlq-original-topic, dlq-consumer-group, dlq-error-type)' 'order-created payment-service EVENT.INVALID_JSON' \
    "$(json 'j.headers["dlq-original-topic"] + " " + j.headers["dlq-consumer-group"] + " " + j.headers["dlq-error-type"]' <<<"$shown")"

  say 'c) recoverable: a gateway bug dead-letters an order; fixed, the order is redriven and paid'
  set_gateway '{"bugMode":true}' bugMode true
  local bug
  bug=$(place_order "test-bug-$RUN_ID" lamp 1 30)
  eventually "order $bug dead-lettered by payment-service" 30 dead_letter_of "$bug" payment-service
  position=$(dead_letter_of "$bug" payment-service)
  read -r p o error <<<"$position"
  check_eq "dead letter order-created-dlq[$p]@$o error type" GATEWAY.MALFUNCTION "$error"
  check_eq "order $bug while its event is parked" PENDING "$(order_status "$bug")"
  set_gateway '{"bugMode":false}' bugMode false
  show_cmd "npm run -s kafka -- dlq redrive order-created-dlq $p $o"
  # through ts-node, not the compiled CLI: the build leaves the CLI's dynamic imports of @app/kafka/* unresolved
  # (dist/apps/kafka-cli/src/kafka/lib-redrive.js: Cannot find module '@app/kafka/dead-letter/dead-letter.service')
  npm run -s kafka -- dlq redrive order-created-dlq "$p" "$o" | indent
  eventually "redriven order $bug to reach PAID" 30 order_has_status "$bug" PAID
  EVENTUALLY_LOGS=()
  check_eq "payment of order $bug" SUCCEEDED "$(curl -s "${URL[payment-service-1]}/payments/$bug" | json 'j.status')"
}

step_10_metrics_and_stop() {
  step 10 'Live metrics, then stop everything' \
    'Each service exposes Prometheus metrics on /metrics: what a dashboard or an alert would read. The demo sends one more burst and reads them while it runs, then stops every process it started.'
  local before after started finished lag_peak=0 lag
  before=$(curl -s "${URL[order-service]}/metrics" | prom_sum orders_created_total)
  started=$(date +%s%N)
  seq "$BURST_SIZE" | xargs -P 6 -I{} curl -s --max-time 10 -o /dev/null -X POST "${URL[order-service]}/orders" \
    -H 'content-type: application/json' -d "{\"userId\":\"live-$RUN_ID\",\"items\":[{\"productId\":\"p-{}\",\"quantity\":1,\"price\":4.5}]}" &
  local burst=$!
  while kill -0 "$burst" 2>/dev/null; do
    lag=$(payment_metrics | prom_sum kafka_consumer_lag)
    ((lag > lag_peak)) && lag_peak=$lag
    sleep 0.2
  done
  wait "$burst" || true
  finished=$(date +%s%N)
  after=$(curl -s "${URL[order-service]}/metrics" | prom_sum orders_created_total)
  check_eq 'orders accepted during the burst (orders_created_total)' "$BURST_SIZE" "$((after - before))" order-service
  EVENTUALLY_LOGS=("${PAYMENT_INSTANCES[@]}")
  eventually 'group payment-service to drain the burst' 60 group_lag_is_zero payment-service
  EVENTUALLY_LOGS=()

  local metrics analytics
  metrics=$(all_metrics)
  analytics=$(curl -s "${URL[analytics-service]}/analytics")
  show_cmd "curl -s ${URL[order-service]}/metrics ...   (all five processes)"
  local rate
  rate=$(node -e 'console.log(((process.argv[1] * 1e9) / (process.argv[3] - process.argv[2])).toFixed(1))' "$((after - before))" "$started" "$finished")
  printf '     %-52s  %s\n' \
    'orders/s accepted (the burst, curl -P 6)' "$rate" \
    'payment-service consumer lag: peak / now' "$lag_peak / $(payment_metrics | prom_sum kafka_consumer_lag)" \
    'messages consumed (all groups)' "$(prom_sum kafka_messages_consumed_total <<<"$metrics")" \
    'retries (kafka_messages_retried_total)' "$(prom_sum kafka_messages_retried_total <<<"$metrics")" \
    'dead letters (kafka_messages_dead_lettered_total)' "$(prom_sum kafka_messages_dead_lettered_total <<<"$metrics")" \
    'payments since step 8: paid / declined / duplicate' \
    "$(prom_sum payments_total outcome=paid <<<"$metrics") / $(prom_sum payments_total outcome=declined <<<"$metrics") / $(prom_sum payments_total outcome=duplicate <<<"$metrics")" \
    'outbox messages waiting (all services)' "$(prom_sum outbox_pending_messages <<<"$metrics")" \
    'analytics: orders / revenue / dead letters' "$(json 'j.orders + " / " + j.revenue + " " + j.currency + " / " + j.deadLetters' <<<"$analytics")"
  check_ge 'dead letters counted by the services (3 poison copies + 1 gateway bug)' 4 "$(prom_sum kafka_messages_dead_lettered_total <<<"$metrics")"

  say 'stopping everything the demo started'
  stop_everything
  local name port
  for name in broker "${SERVICE_NAMES[@]}"; do [[ -z "${PROC_PID[$name]:-}" ]] || fail "$name is still registered as running" stopped running; done
  for port in "$ORDER_PORT" "$PAYMENT_PORT" "$PAYMENT2_PORT" "$NOTIFICATION_PORT" "$ANALYTICS_PORT" "$([[ $MODE == embedded || $MODE == apache ]] && echo "$BROKER_PORT")"; do
    [[ -z "$port" ]] || ! port_in_use "$port" || fail "port $port still accepts connections after the stop" free 'in use'
  done
  ok 'all processes stopped, their ports free'
}
