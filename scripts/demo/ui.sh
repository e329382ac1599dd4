# Output and checks of ./test-kafka.sh (sourced). Every check names what was expected and what was seen, and shows
# the end of the log that explains it, so a failing run can be read without re-running it.

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  C_BOLD=$'\e[1m' C_DIM=$'\e[2m' C_RED=$'\e[31m' C_GREEN=$'\e[32m' C_CYAN=$'\e[36m' C_OFF=$'\e[0m'
else
  C_BOLD='' C_DIM='' C_RED='' C_GREEN='' C_CYAN='' C_OFF=''
fi

CURRENT_STEP='setup'

# step N "title" "why it matters": a numbered header with its explanation.
step() {
  CURRENT_STEP="step $1"
  printf '\n%s== Step %s/10: %s ==%s  %s(+%ss)%s\n' "$C_BOLD$C_CYAN" "$1" "$2" "$C_OFF" "$C_DIM" "$(elapsed)" "$C_OFF"
  if [[ -n "${3:-}" ]]; then printf '%s\n' "$3" | fold -s -w 110 | sed 's/^/   /'; fi
}

say() { printf '   %s\n' "$*"; }
ok() { printf '   %s✔ %s%s\n' "$C_GREEN" "$*" "$C_OFF"; }
# The command a reader would type, before the script runs it.
show_cmd() { printf '   %s$ %s%s\n' "$C_DIM" "$*" "$C_OFF"; }
indent() { sed 's/^/     /'; }

elapsed() { echo $((SECONDS - DEMO_STARTED_AT)); }

# fail "what went wrong" [expected] [seen] [log name ...]: prints everything a reader needs, then exits 1.
fail() {
  local what=$1 expected=${2:-} seen=${3:-}
  shift $(($# < 3 ? $# : 3))
  printf '\n%s✘ FAILED in %s: %s%s\n' "$C_BOLD$C_RED" "$CURRENT_STEP" "$what" "$C_OFF" >&2
  [[ -n "$expected" ]] && printf '   expected: %s\n' "$expected" >&2
  [[ -n "$seen" ]] && printf '   seen:     %s\n' "$seen" >&2
  local name
  for name in "$@"; do
    if [[ -f "$LOG_DIR/$name.log" ]]; then
      printf '   --- last lines of %s ---\n' "$LOG_DIR/$name.log" >&2
      tail -n 15 "$LOG_DIR/$name.log" | cut -c1-400 | sed 's/^/   | /' >&2
    fi
  done
  exit 1
}

# check "what" expected seen [log ...]: string equality.
check_eq() {
  if [[ "$2" == "$3" ]]; then ok "$1: $3"; else fail "$1" "$2" "$3" "${@:4}"; fi
}

# check_ge "what" minimum seen [log ...]: integer at least minimum.
check_ge() {
  if [[ "$3" =~ ^[0-9]+$ ]] && (("$3" >= "$2")); then ok "$1: $3 (at least $2)"; else fail "$1" "at least $2" "$3" "${@:4}"; fi
}

# eventually "what" timeout_s command...: re-runs the command until it succeeds; its last output is the "seen".
# The commands are cheap probes (curl, the CLI), so a short pause between tries is enough.
eventually() {
  local what=$1 timeout=$2
  shift 2
  local deadline=$((SECONDS + timeout)) output
  while true; do
    if output=$("$@" 2>&1); then return 0; fi
    if ((SECONDS >= deadline)); then fail "$what (gave up after ${timeout}s)" "" "${output:0:600}" "${EVENTUALLY_LOGS[@]}"; fi
    sleep 0.5
  done
}
EVENTUALLY_LOGS=()

# JSON helpers: the demo parses with Node, never jq (not installed on every CI machine).
json() { node "$DEMO_LIB/json.js" "$1"; }
prom_sum() { node "$DEMO_LIB/prom.js" "$@"; }
