#!/bin/sh
# Runs a command (a Kafka node's JVM) so that it never outlives the Node.js process that started it, whatever
# killed that process: our stdin is a pipe from it, and its end-of-file (the parent gone, kill -9 included) sends
# the command SIGTERM, which Kafka answers with a clean shutdown. SIGTERM/SIGINT to this script do the same.
# $1 is a file that receives the command's pid (so a test can kill -9 the JVM itself); the rest is the command.
pidfile=$1
shift
exec 3<&0
"$@" </dev/null &
child=$!
echo "$child" >"$pidfile"
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
{ cat <&3 >/dev/null; kill -TERM "$child" 2>/dev/null; } &
watcher=$!
status=0
while kill -0 "$child" 2>/dev/null; do
  wait "$child"
  status=$?
done
kill "$watcher" 2>/dev/null
exit "$status"
