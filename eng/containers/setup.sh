#!/usr/bin/env bash
# Makes a container runtime that can run the platform's PostgreSQL and RabbitMQ
# available, then writes the environment the AppHost and the tests need to
# artifacts/containers.env (sourced by eng/run.sh and eng/test.sh).
#
#  * A working Docker engine: nothing to set up; the official images are used.
#  * Otherwise (e.g. Debian without Docker and without registry access): rootful
#    Podman is installed, images are built locally from Debian packages, and its
#    Docker-compatible API socket is started. The first run takes a few minutes;
#    later runs reuse the images.
#
# Override with PLATFORM_CONTAINER_MODE=docker|podman.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/eng/containers"
out="$root/artifacts/containers.env"
mkdir -p "$root/artifacts"

log() { printf '[containers] %s\n' "$*" >&2; }
die() { printf '[containers] error: %s\n' "$*" >&2; exit 1; }

docker_works() { command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; }

mode=${PLATFORM_CONTAINER_MODE:-}
if [ -z "$mode" ]; then
  if docker_works; then mode=docker; else mode=podman; fi
fi

if [ "$mode" = docker ]; then
  log "using the Docker engine with the official images"
  : > "$out"
  exit 0
fi

[ "$mode" = podman ] || die "PLATFORM_CONTAINER_MODE must be docker or podman, not '$mode'"
[ "$(id -u)" = 0 ] || die "no Docker engine found and Podman needs root here: run as root, or install Docker (https://docs.docker.com/engine/install/) or rootful Podman"

# --- packages -----------------------------------------------------------------
need=()
for cmd in podman runc debootstrap curl; do command -v "$cmd" >/dev/null 2>&1 || need+=("$cmd"); done
if [ ${#need[@]} -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "missing ${need[*]} and no apt-get to install them: install Podman, runc and debootstrap"
  log "installing ${need[*]} (about 30 s)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc debootstrap curl >/dev/null
fi

# --- runtime configuration --------------------------------------------------
# crun cannot run here (cgroups in hybrid mode), and the host's hard nofile
# limit is below the default container ulimit, so both are set explicitly.
conf=/etc/containers/containers.conf
marker='# collections-platform'
if ! grep -q "$marker" "$conf" 2>/dev/null; then
  [ -f "$conf" ] && cp "$conf" "$conf.before-collections-platform"
  mkdir -p /etc/containers
  hard_nofile=$(ulimit -Hn)
  [ "$hard_nofile" = unlimited ] && hard_nofile=65536
  [ "$hard_nofile" -gt 65536 ] && hard_nofile=65536
  cat > "$conf" <<CONF
$marker: written by eng/containers/setup.sh
[containers]
default_ulimits = ["nofile=${hard_nofile}:${hard_nofile}", "nproc=32768:32768"]

[engine]
runtime = "runc"
CONF
  log "wrote $conf"
fi

# --- images -----------------------------------------------------------------
mirror=$( (grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'
          grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}') | grep -v security | head -n1 || true)
mirror=${mirror:-http://deb.debian.org/debian}

base=localhost/collections-base:bookworm
if ! podman image exists "$base"; then
  log "building $base with debootstrap from $mirror (about a minute)"
  tmp=$(mktemp -d)
  debootstrap --variant=minbase bookworm "$tmp" "$mirror" >/dev/null
  tar -C "$tmp" -c . | podman import - "$base" >/dev/null
  rm -rf "$tmp"
fi

build_image() { # name dir
  local name=$1 dir=$2 hash
  hash=$(cat "$dir"/* | sha256sum | cut -c1-16)
  if [ "$(podman image inspect --format '{{ index .Labels "platform.hash" }}' "$name" 2>/dev/null || true)" = "$hash" ]; then
    return
  fi
  log "building $name"
  podman build -q --label "platform.hash=$hash" --build-arg "BASE_IMAGE=$base" -t "$name" "$dir" >/dev/null
}
postgres_image=localhost/collections-postgres:15
rabbitmq_image=localhost/collections-rabbitmq:3.10
build_image "$postgres_image" "$here/postgres"
build_image "$rabbitmq_image" "$here/rabbitmq"

# --- Docker-compatible API for Testcontainers -------------------------------
sock=/run/podman/podman.sock
if ! curl -sf --unix-socket "$sock" http://d/_ping >/dev/null 2>&1; then
  log "starting the Podman API service on $sock"
  mkdir -p /run/podman
  setsid nohup podman system service --time=0 "unix://$sock" >"$root/artifacts/podman-service.log" 2>&1 < /dev/null &
  for _ in $(seq 1 50); do
    curl -sf --unix-socket "$sock" http://d/_ping >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -sf --unix-socket "$sock" http://d/_ping >/dev/null 2>&1 || die "the Podman API service did not start; see artifacts/podman-service.log"
fi

cat > "$out" <<ENV
export DOCKER_HOST=unix://$sock
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
export ASPIRE_CONTAINER_RUNTIME=podman
export DOTNET_ASPIRE_CONTAINER_RUNTIME=podman
export Containers__Postgres__Image=$postgres_image
export Containers__RabbitMq__Image=$rabbitmq_image
ENV
log "ready: podman with $postgres_image and $rabbitmq_image"
