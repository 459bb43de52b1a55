#!/usr/bin/env bash
# Builds Driftwatch's OpenTelemetry Collector from deploy/otel-collector/builder-config.yaml with the Collector
# Builder, into a cache folder outside the repo, and prints the binary's path as its last line. Skipped when the cache
# already holds the build for the same manifest and Go version.
#
#   DRIFTWATCH_CACHE_DIR  cache root (default ~/.cache/driftwatch); Go's module and build caches live under go/
#   GOPROXY               as usual (default https://proxy.golang.org)
set -euo pipefail
cd "$(dirname "$0")/.."

MANIFEST=deploy/otel-collector/builder-config.yaml
CACHE_DIR="${DRIFTWATCH_CACHE_DIR:-$HOME/.cache/driftwatch}"
export GOMODCACHE="${GOMODCACHE:-$CACHE_DIR/go/mod}" GOCACHE="${GOCACHE:-$CACHE_DIR/go/cache}"
export GOPROXY="${GOPROXY:-https://proxy.golang.org}" GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:--buildvcs=false}"

release=$(awk '$1 == "version:" { print $2; exit }' "$MANIFEST")
key=$( (cat "$MANIFEST"; go version) | sha256sum | cut -c1-16)
out="$CACHE_DIR/otelcol/$key"
binary="$out/otelcol-driftwatch"
if [ -x "$binary" ]; then
  echo "Collector $release already built for this manifest" >&2
  echo "$binary"
  exit 0
fi

builder="$CACHE_DIR/go/bin/builder-v$release"
if [ ! -x "$builder" ]; then
  echo "Installing the Collector Builder v$release" >&2
  GOBIN="$CACHE_DIR/go/bin.partial" go install "go.opentelemetry.io/collector/cmd/builder@v$release" >&2
  mkdir -p "$CACHE_DIR/go/bin" && mv "$CACHE_DIR/go/bin.partial/builder" "$builder"
fi

echo "Building the Collector $release into $out (several minutes on a cold cache)" >&2
work="$out.partial"
rm -rf "$work" && mkdir -p "$work"
# The builder takes its output folder from the manifest: build from a copy that names the cache folder.
sed "s|^dist:|dist:\n  output_path: $work|" "$MANIFEST" >"$work.yaml"
start=$SECONDS
"$builder" --config="$work.yaml" >&2
rm -f "$work.yaml"
echo "Collector built in $((SECONDS - start)) s" >&2
rm -rf "$out" && mv "$work" "$out"
echo "$binary"
