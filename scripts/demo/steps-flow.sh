# Steps 5-7 of ./test-kafka.sh (sourced): orders paid, the consumer group, pub/sub.

PAID_ORDERS=()
DECLINED_ORDER=''
BURST_SIZE=60
ANALYTICS_BEFORE=''

# place_order user product quantity price: POST /orders, prints the order id (201 expected).
place_order() {
  local body="{\"userId\":\"$1\",\"items\":[{\"productId\":\"$2\",\"quantity\":$3,\"price\":$4}]}"
  local response code
  response=$(curl -s --max-time 10 -w '\n%{http_code}' -X POST "${URL[order-service]}/orders" -H 'content-type: application/json' -d "$body") ||
    fail "POST /orders for $1 got no answer" '201' "curl exit $?" order-service
  code=${response##*$'\n'}
  response=${response%$'\n'*}
  [[ "$code" == 201 ]] || fail "POST /orders for $1" '201 with the order' "$code $response" order-service
  # called in $(...): the response goes to a file for the caller to show
  printf '%s\n' "$response" >"$DEMO_DIR/last-order.json"
  json 'j.orderId' <<<"$response"
}

order_status() { curl -s --max-time 5 "${URL[order-service]}/orders/$1" | json 'j.status'; }

# order_has_status id status: a probe for `eventually`.
order_has_status() {
  local seen
  seen=$(order_status "$1") || true
  [[ "$seen" == "$2" ]] || { echo "order $1 is ${seen:-unreadable}"; return 1; }
}

step_5_orders_paid() {
  step 5 'Create orders and watch them get paid' \
    'POST /orders stores the order as PENDING together with an OrderCreated event in its outbox (one transaction); the relay publishes it to order-created, a payment-service instance charges the gateway and publishes PaymentProcessed, and order-service marks the order PAID. All of it after the 201, asynchronously.'
  ANALYTICS_BEFORE=$(curl -s --max-time 5 "${URL[analytics-service]}/analytics")
  show_cmd "curl -X POST ${URL[order-service]}/orders -H 'content-type: application/json' -d '{\"userId\":\"alice\",\"items\":[{\"productId\":\"book-1\",\"quantity\":2,\"price\":12.5}]}'"
  local id user
  id=$(place_order alice book-1 2 12.5)
  cut -c1-200 "$DEMO_DIR/last-order.json" | indent
  PAID_ORDERS=("$id")
  for user in bob carol dave erin; do
    id=$(place_order "$user" "item-$user" 1 19.99)
    PAID_ORDERS+=("$id")
  done
  DECLINED_ORDER=$(place_order "test-decline-$RUN_ID" card-test 1 5)
  say "placed ${#PAID_ORDERS[@]} orders, and one for user test-decline-$RUN_ID, whom the simulated gateway declines"

  EVENTUALLY_LOGS=(order-service payment-service-1 payment-service-2)
  for id in "${PAID_ORDERS[@]}"; do eventually "order $id to reach PAID" 30 order_has_status "$id" PAID; done
  eventually "order $DECLINED_ORDER (declined) to reach CANCELLED" 30 order_has_status "$DECLINED_ORDER" CANCELLED
  EVENTUALLY_LOGS=()
  printf '     %-36s  %-9s  %s\n' ORDER STATUS PAYMENT
  for id in "${PAID_ORDERS[@]}" "$DECLINED_ORDER"; do
    printf '     %-36s  %-9s  %s\n' "$id" "$(order_status "$id")" \
      "$(curl -s "${URL[payment-service-1]}/payments/$id" | json 'j.paymentId + " " + j.status')"
  done
  local name counts=''
  for name in payment-service-1 payment-service-2; do
    counts+=" $name $(curl -s "${URL[$name]}/metrics" | prom_sum payments_total outcome=paid) paid,"
  done
  say "split between the instances (payments_total on each /metrics):${counts%,}"
  ok "${#PAID_ORDERS[@]} orders PAID, the declined one CANCELLED (PaymentFailed)"
}

# set_gateway json field expected: PUT /admin/gateway on both payment instances (each has its own gateway), with the
# demo's ADMIN_TOKEN (admin endpoints need the Bearer token and a loopback Host).
set_gateway() {
  local name answer
  for name in payment-service-1 payment-service-2; do
    show_cmd "curl -X PUT ${URL[$name]}/admin/gateway -H \"authorization: Bearer \$ADMIN_TOKEN\" -H 'content-type: application/json' -d '$1'"
    answer=$(curl -s --max-time 5 -X PUT "${URL[$name]}/admin/gateway" -H "authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' -d "$1")
    check_eq "$name gateway $2" "$3" "$(json "j.$2" <<<"$answer")" "$name"
  done
}

burst_all_paid() {
  local seen
  seen=$(curl -s --max-time 5 "${URL[order-service]}/orders?userId=burst-$RUN_ID&limit=100" |
    json 'j.orders.filter((o) => o.status === "PAID").length + " of " + j.orders.length')
  [[ "$seen" == "$BURST_SIZE of $BURST_SIZE" ]] || { echo "PAID: $seen"; return 1; }
}

step_6_consumer_group() {
  step 6 'The consumer group: two members, three partitions each' \
    "Both payment-service instances joined group payment-service, so Kafka split order-created's 6 partitions between them. A burst of $BURST_SIZE orders builds up lag (events written but not yet processed by the group), which both members drain to zero. The simulated gateway is slowed to 250 ms a call meanwhile, so the burst outruns the consumers and the lag is visible."
  set_gateway '{"latencyMs":250,"latencyJitterMs":0}' latencyMs 250
  CREATED_BEFORE_BURST=$(kafka topics describe order-created --json | json 'j.partitions.reduce((s, p) => s + p.high, 0)')
  show_cmd "seq $BURST_SIZE | xargs -P 6 -I{} curl -s -X POST ${URL[order-service]}/orders -d '{\"userId\":\"burst-$RUN_ID\",...}' &"
  seq "$BURST_SIZE" | xargs -P 6 -I{} curl -s --max-time 10 -o /dev/null -w '%{http_code}\n' -X POST "${URL[order-service]}/orders" \
    -H 'content-type: application/json' -d "{\"userId\":\"burst-$RUN_ID\",\"items\":[{\"productId\":\"p-{}\",\"quantity\":1,\"price\":9.99}]}" \
    >"$DEMO_DIR/burst-codes.txt" &
  local burst=$!

  show_cmd 'npm run -s kafka -- groups describe payment-service --json   # .totalLag, polled during and after the burst'
  # lag 0 counts only once every burst event is in order-created: the outbox relay publishes just after the 201s
  local samples=() seen lag end deadline=$((SECONDS + 90))
  while true; do
    seen=$(kafka groups describe payment-service --json |
      json 'j.totalLag + " " + j.offsets.filter((o) => o.topic === "order-created").reduce((s, o) => s + o.end, 0)')
    read -r lag end <<<"$seen"
    samples+=("$lag")
    ((lag == 0 && end >= CREATED_BEFORE_BURST + BURST_SIZE)) && break
    ((SECONDS < deadline)) || fail 'the lag of payment-service did not drain within 90s' "lag 0 with order-created at $((CREATED_BEFORE_BURST + BURST_SIZE))+" \
      "lag ${samples[*]}; order-created at $end" payment-service-1 payment-service-2 order-service
    sleep 0.3
  done
  wait "$burst" || true
  check_eq "answers to $BURST_SIZE POST /orders" " $BURST_SIZE 201," "$(sort "$DEMO_DIR/burst-codes.txt" | uniq -c | tr -s ' ' | tr '\n' ',')" order-service
  set_gateway '{"latencyMs":50,"latencyJitterMs":50}' latencyMs 50
  say "lag of group payment-service, one groups describe after another: $(printf '%s → ' "${samples[@]}" | sed 's/ → $//')"
  ok 'lag drained to 0'

  local described
  described=$(kafka groups describe payment-service --json)
  show_cmd 'npm run -s kafka -- groups describe payment-service'
  kafka groups describe payment-service | grep -E '^(Group |TOPIC |order-created )' | indent
  say 'members and their partitions of order-created:'
  json 'j.members.map((m) => `${m.clientId.padEnd(20)} order-created${JSON.stringify(m.assignments.find((a) => a.topic === "order-created")?.partitions ?? [])}`).join("\n")' <<<"$described" | indent
  check_eq 'members of group payment-service' 2 "$(json 'j.members.length' <<<"$described")" payment-service-1 payment-service-2
  check_eq 'order-created partitions per member' '3 3' \
    "$(json 'j.members.map((m) => (m.assignments.find((a) => a.topic === "order-created")?.partitions ?? []).length).join(" ")' <<<"$described")" payment-service-1 payment-service-2
  check_eq 'partitions covered together' '0,1,2,3,4,5' \
    "$(json 'j.members.flatMap((m) => m.assignments.find((a) => a.topic === "order-created")?.partitions ?? []).sort().join(",")' <<<"$described")" payment-service-1 payment-service-2
  EVENTUALLY_LOGS=(order-service payment-service-1 payment-service-2)
  eventually "all $BURST_SIZE burst orders to reach PAID" 60 burst_all_paid
  EVENTUALLY_LOGS=()
  ok "all $BURST_SIZE burst orders PAID"
}

group_lag_is_zero() {
  local lag
  lag=$(kafka groups describe "$1" --json | json 'j.totalLag') || return 1
  [[ "$lag" == 0 ]] || { echo "group $1: lag $lag"; return 1; }
}

# What a group (its `groups describe --json` on stdin) has read of a topic: "committed of end", or - if nothing.
group_progress() {
  json "(() => { const o = j.offsets.filter((x) => x.topic === '$1'); if (o.length === 0) return '-';
    return o.reduce((s, x) => s + (x.committed ?? 0), 0) + ' of ' + o.reduce((s, x) => s + x.end, 0); })()"
}

step_7_pub_sub() {
  step 7 'Pub/sub: each group receives every event' \
    'payment-service, notification-service and analytics-service each read order-created in a consumer group of their own. Kafka keeps one position per group, so every group gets all the events (publish/subscribe), while the members within one group share them (step 6).'
  local group
  EVENTUALLY_LOGS=(notification-service analytics-service)
  for group in notification-service analytics-service; do eventually "group $group to catch up" 60 group_lag_is_zero "$group"; done
  EVENTUALLY_LOGS=()
  printf '     %-22s  %-24s  %s\n' GROUP 'order-created read' 'payment-processed read'
  local progress=()
  for group in payment-service notification-service analytics-service order-service; do
    local described created processed
    described=$(kafka groups describe "$group" --json)
    created=$(group_progress order-created <<<"$described")
    processed=$(group_progress payment-processed <<<"$described")
    printf '     %-22s  %-24s  %s\n' "$group" "$created" "$processed"
    [[ $group != order-service ]] && progress+=("$created")
  done
  local end=${progress[0]##* of }
  check_eq 'order-created read by payment, notification and analytics' "$end of $end|$end of $end|$end of $end" "$(IFS='|'; echo "${progress[*]}")"

  local first=${PAID_ORDERS[0]}
  show_cmd "curl ${URL[notification-service]}/notifications?orderId=$first"
  local notes
  notes=$(curl -s "${URL[notification-service]}/notifications?orderId=$first")
  json 'j.notifications.map((n) => `${n.kind}: ${n.message}`).reverse().join("\n")' <<<"$notes" | indent
  check_ge "notifications for order $first (order received, payment succeeded)" 2 "$(json 'j.notifications.length' <<<"$notes")" notification-service

  show_cmd "curl ${URL[analytics-service]}/analytics"
  local after expected_orders=$((${#PAID_ORDERS[@]} + 1 + BURST_SIZE))
  after=$(curl -s "${URL[analytics-service]}/analytics")
  printf '%s\n' "$after" | indent
  local delta
  delta=$(node -e 'const [b, a] = process.argv.slice(1).map(JSON.parse);
    console.log(`${a.orders - b.orders} ${a.paymentsSucceeded - b.paymentsSucceeded} ${a.paymentsFailed - b.paymentsFailed}`)' "$ANALYTICS_BEFORE" "$after")
  check_eq 'analytics counted during this run (orders, payments succeeded, failed)' \
    "$expected_orders $((expected_orders - 1)) 1" "$delta" analytics-service
}
