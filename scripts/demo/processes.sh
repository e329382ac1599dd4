# The processes ./test-kafka.sh starts (sourced). Each runs in a process group of its own (setsid), so a Ctrl-C in
# the terminal reaches only the script, whose trap then stops them in order: services first, the broker last.

declare -A PROC_PID=()
PROC_NAMES=()

port_in_use() { (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# require_free_port port owner variable: the demo starts its own processes, so their ports must be free.
require_free_port() {
  if port_in_use "$1"; then
    fail "port $1 (for $2) is already in use: stop what listens there, or move the demo with $3=<port>" "a free port" "127.0.0.1:$1 accepts connections"
  fi
}

# start_process name command...: runs it in the background with stdout and stderr in $LOG_DIR/<name>.log.
start_process() {
  local name=$1
  shift
  setsid "$@" >"$LOG_DIR/$name.log" 2>&1 </dev/null &
  PROC_PID[$name]=$!
  PROC_NAMES+=("$name")
}

process_alive() {
  local pid=${PROC_PID[$1]:-}
  [[ -n "$pid" && -e /proc/$pid ]] || return 1
  # a child that exited stays a zombie until waited for
  [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]]
}

# stop_process name [timeout_s]: SIGTERM to its group, SIGKILL to the group if it has not exited in time.
stop_process() {
  local name=$1 timeout=${2:-15}
  local pid=${PROC_PID[$name]:-}
  [[ -n "$pid" ]] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
  local deadline=$((SECONDS + timeout))
  while process_alive "$name" && ((SECONDS < deadline)); do sleep 0.2; done
  if process_alive "$name"; then
    printf '   %s did not stop within %ss: SIGKILL\n' "$name" "$timeout" >&2
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  # whatever the leader left behind in its group (npm's child, for the broker)
  if pgrep -g "$pid" >/dev/null 2>&1; then kill -KILL -- "-$pid" 2>/dev/null || true; fi
  unset "PROC_PID[$name]"
}

# stop_processes name...: in parallel, so four services take one timeout, not four.
stop_processes() {
  local name
  for name in "$@"; do
    [[ -n "${PROC_PID[$name]:-}" ]] && kill -TERM -- "-${PROC_PID[$name]}" 2>/dev/null || true
  done
  for name in "$@"; do stop_process "$name"; done
}

# wait_for_health name url timeout_s: until GET url answers 200; fails at once if the process died.
wait_for_health() {
  local name=$1 url=$2 timeout=$3
  local deadline=$((SECONDS + timeout)) code=000
  while true; do
    if ! process_alive "$name"; then fail "$name exited while starting" "GET $url -> 200" "process gone" "$name"; fi
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
    [[ "$code" == 200 ]] && return 0
    if ((SECONDS >= deadline)); then fail "$name is not healthy after ${timeout}s" "GET $url -> 200" "HTTP $code" "$name"; fi
    sleep 0.5
  done
}
