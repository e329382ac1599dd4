#!/bin/sh
# Runs one service from source, the way `npm start` runs its children. The service is the first argument or $SERVICE.
set -eu
service="${1:-${SERVICE:-}}"
case "$service" in
  order-service | payment-service | notification-service | analytics-service | console) ;;
  *)
    echo "usage: run-service.sh <order-service|payment-service|notification-service|analytics-service|console> (or set SERVICE), got '$service'" >&2
    exit 64
    ;;
esac
# exec: the service itself receives SIGTERM from `docker stop` and drains its consumers.
exec node -r ts-node/register/transpile-only -r tsconfig-paths/register "apps/$service/src/main.ts"
