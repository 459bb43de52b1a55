#!/usr/bin/env bash
# Builds Prometheus 3 and promtool from the Go module proxy at the release docker-compose.yml pins (prom/prometheus
# v3.X.Y is the Go module version v0.3XX.Y), into a cache folder outside the repo; skipped when the cache already
# holds that build. Prints the folder holding `prometheus` and `promtool` as its last line.
#
# Built with the `remove_all_sd` tag: static and file-based targets only, no cloud service discovery (the tests need
# none, and it halves the build), and without `builtinassets`: the web UI's assets are not embedded, so no npm
# build is needed (the API, the OTLP receiver and the rule engine are all there).
#
#   DRIFTWATCH_CACHE_DIR  cache root (default ~/.cache/driftwatch); Go's module and build caches live under go/
set -euo pipefail
cd "$(dirname "$0")/.."

image=$(awk '$1 == "image:" && $2 ~ /^prom\/prometheus:v3\./ { print $2; exit }' docker-compose.yml)
[ -n "$image" ] || { echo "docker-compose.yml pins no prom/prometheus:v3.* image" >&2; exit 1; }
release=${image#prom/prometheus:v3.}   # 14.0
module_version="v0.$(printf '%d%02d' 3 "${release%%.*}").${release#*.}"   # v0.314.0
CACHE_DIR="${DRIFTWATCH_CACHE_DIR:-$HOME/.cache/driftwatch}"
export GOMODCACHE="${GOMODCACHE:-$CACHE_DIR/go/mod}" GOCACHE="${GOCACHE:-$CACHE_DIR/go/cache}"
export GOPROXY="${GOPROXY:-https://proxy.golang.org}" GOTOOLCHAIN=local GOFLAGS=-buildvcs=false
TAGS=remove_all_sd

key=$( (echo "$module_version $TAGS $(go version)"; cat "$0") | sha256sum | cut -c1-16)
out="$CACHE_DIR/prometheus/$module_version-$key"
if [ -x "$out/prometheus" ] && [ -x "$out/promtool" ]; then
  echo "Prometheus ${image#prom/prometheus:} already built" >&2
  echo "$out"
  exit 0
fi

echo "Building Prometheus ${image#prom/prometheus:} ($module_version) and promtool into $out" >&2
start=$SECONDS
source=$(go mod download -json "github.com/prometheus/prometheus@$module_version" | awk -F'"' '$2 == "Dir" { print $4 }')
# go install refuses a module whose go.mod has replace directives (Prometheus has one): build inside a copy,
# without its go.work (it lists folders the module zip does not hold).
work="$out.partial"
rm -rf "$work" && mkdir -p "$work" && cp -r "$source" "$work/src" && chmod -R u+w "$work/src"
(cd "$work/src" && GOWORK=off go build -tags "$TAGS" \
  -ldflags "-X github.com/prometheus/common/version.Version=${image#prom/prometheus:v} -X github.com/prometheus/common/version.Branch=$module_version" \
  -o "$work/" ./cmd/prometheus ./cmd/promtool) >&2
rm -rf "$work/src"
echo "Prometheus built in $((SECONDS - start)) s" >&2
rm -rf "$out" && mv "$work" "$out"
echo "$out"
