#!/usr/bin/env bash
# Entrypoint of the gateway image (deploy/gateway/Dockerfile): the Driftwatch gateway on 127.0.0.1 behind the
# Collector relay (deploy/otel-collector/gateway-relay.yaml: OTLP/gRPC in on 4317, OTLP/HTTP out to the gateway).
# Either one exiting stops the container, so its restart policy restarts both. SIGTERM stops the relay first (it
# flushes into the gateway), then the gateway (it flushes to the next hop). Arguments go to the gateway.
#
#   DRIFTWATCH_OTELCOL        the Collector binary (default /usr/local/bin/otelcol-driftwatch)
#   DRIFTWATCH_RELAY_CONFIG   the relay's config (default /etc/driftwatch/gateway-relay.yaml)
#   DRIFTWATCH_GATEWAY_BIN    the gateway's CLI (default /app/packages/gateway/dist/cli.js)
#   DRIFTWATCH_GATEWAY_PORT   the gateway's port, the one the relay config sends to (default 4319)
set -uo pipefail

node "${DRIFTWATCH_GATEWAY_BIN:-/app/packages/gateway/dist/cli.js}" \
  --host 127.0.0.1 --port "${DRIFTWATCH_GATEWAY_PORT:-4319}" "$@" &
gateway=$!
"${DRIFTWATCH_OTELCOL:-/usr/local/bin/otelcol-driftwatch}" \
  --config="${DRIFTWATCH_RELAY_CONFIG:-/etc/driftwatch/gateway-relay.yaml}" &
relay=$!

stop() {
  kill -TERM "$relay" 2>/dev/null
  wait "$relay"
  kill -TERM "$gateway" 2>/dev/null
  wait "$gateway"
}
trap 'stop; exit 0' TERM INT
wait -n "$gateway" "$relay"
status=$?
echo "driftwatch-gateway-entrypoint: a process exited ($status), stopping the other" >&2
stop
exit "$status"
