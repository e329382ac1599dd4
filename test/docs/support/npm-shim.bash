# Sourced by doc-shell.ts before each documented snippet: `npm` becomes a function, so the snippet's pipes, jq,
# loops and `$(...)` run in real bash while `npm [--prefix DIR] run [-s] kafka -- ARGS` reaches the project CLI
# against the test's broker. Any other npm command fails the snippet. Each CLI run is logged to $DOCS_LOG.
#
# DOCS_CLI=child: the real npm runs the CLI (a ts-node start-up each: slow, but checks npm itself too).
# Otherwise ARGS go to $DOCS_CLI_URL, where cli-host.ts runs the CLI; stdin is forwarded for `-`.

# Posts the arguments to the CLI host and prints its answer, the exit code; with curl when there is one (node
# costs ~50 ms more per run), else with node, which is always there.
__DOCS_POST='
const [url, dir, brokers, ...args] = process.argv.slice(1);
fetch(url, { method: "POST", headers: { "x-run-dir": dir, "x-brokers": brokers }, body: args.map((a) => a + "\0").join("") })
  .then(async (r) => { const text = await r.text(); if (!r.ok) throw new Error(text); process.stdout.write(text); })
  .catch((e) => { process.stderr.write("docs test: the CLI host failed: " + e.message + "\n"); process.exit(1); });
'

__docs_cli() {
  local dir a code
  dir=$(mktemp -d "$DOCS_TMP/run.XXXXXX") || return 125
  for a in "$@"; do if [ "$a" = - ]; then cat > "$dir/stdin"; break; fi; done
  if [ "$DOCS_CLI" = child ]; then
    if [ -f "$dir/stdin" ]; then command npm --prefix "$DOCS_REPO" run -s kafka -- "$@" < "$dir/stdin"; else command npm --prefix "$DOCS_REPO" run -s kafka -- "$@"; fi
    return $?
  fi
  if command -v curl > /dev/null; then
    code=$(printf '%s\0' "$@" | curl -sS --fail --data-binary @- -H "x-run-dir: $dir" -H "x-brokers: $KAFKA_BROKERS" "$DOCS_CLI_URL") || return 125
  else
    code=$(node -e "$__DOCS_POST" -- "$DOCS_CLI_URL" "$dir" "$KAFKA_BROKERS" "$@") || return 125
  fi
  cat "$dir/stdout"
  cat "$dir/stderr" >&2
  return "$code"
}

npm() {
  local args=("$@") code
  if [ "${args[0]}" = --prefix ]; then args=("${args[@]:2}"); fi
  if [ "${args[0]}" = run ]; then args=("${args[@]:1}"); else echo "docs test: only 'npm run kafka' runs here, not npm $*" >&2; return 127; fi
  if [ "${args[0]}" = -s ]; then args=("${args[@]:1}"); fi
  if [ "${args[0]}" != kafka ]; then echo "docs test: only 'npm run kafka' runs here, not npm $*" >&2; return 127; fi
  args=("${args[@]:1}")
  if [ "${args[0]}" = -- ]; then args=("${args[@]:1}"); fi
  __docs_cli "${args[@]}"
  code=$?
  printf '%s\t%s\n' "$code" "${args[*]}" >> "$DOCS_LOG"
  return $code
}
