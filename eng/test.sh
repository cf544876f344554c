#!/usr/bin/env bash
# Runs every test of the platform: unit tests, integration tests on real
# PostgreSQL and RabbitMQ containers (Testcontainers) and the end-to-end tests
# that start the whole platform with the Aspire AppHost.
#
# Sets up a container runtime first when none is usable (eng/containers/setup.sh).
# Extra arguments go to `dotnet test`, e.g. eng/test.sh --filter "FullyQualifiedName~Outbox".
# Exits non-zero when a test fails or does not run.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

"$root/eng/containers/setup.sh"
set -a; . "$root/artifacts/containers.env"; set +a

results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
log="$results/dotnet-test.log"

remove_test_containers() {
  local cli=podman
  command -v podman >/dev/null 2>&1 || cli=docker
  command -v "$cli" >/dev/null 2>&1 || return 0
  local ids
  ids=$("$cli" ps -aq --filter label=org.testcontainers=true 2>/dev/null || true)
  [ -n "$ids" ] && "$cli" rm -f $ids >/dev/null 2>&1 || true
}
trap remove_test_containers EXIT

status=0
dotnet test Platform.sln --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" 2>&1 | tee "$log" || status=$?

# One summary line over every test assembly, from the runner's per-assembly lines:
#   "Passed!  - Failed: 0, Passed: 14, Skipped: 0, Total: 14, Duration: 25 s - X.dll (net10.0)"
awk '
  /(Passed|Failed)! +- +Failed: / {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { f += $(i+1) + 0 }
      if ($i == "Passed:")  { p += $(i+1) + 0 }
      if ($i == "Skipped:") { s += $(i+1) + 0 }
    }
    n++
  }
  END { printf "TESTS: %d passed, %d failed, %d skipped in %d assemblies\n", p, f, s, n }
' "$log" | tee "$results/summary.txt"

if [ "$status" -ne 0 ]; then
  echo "eng/test.sh: dotnet test failed (exit $status)" >&2
  exit "$status"
fi
if grep -qE ' [1-9][0-9]* failed' "$results/summary.txt" || grep -q ' in 0 assemblies' "$results/summary.txt"; then
  echo "eng/test.sh: failing or missing test results" >&2
  exit 1
fi
