#!/usr/bin/env bash
# Runs the whole platform locally with the Aspire AppHost: PostgreSQL, RabbitMQ,
# the five services and the gateway. Sets up a container runtime first when
# none is usable (eng/containers/setup.sh). Stop with Ctrl+C.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

"$root/eng/containers/setup.sh"
set -a; . "$root/artifacts/containers.env"; set +a

exec dotnet run --project AppHost --launch-profile http "$@"
