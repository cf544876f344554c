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

# The browser tests (tests/Web.Tests) drive Debian's Chromium through Playwright; no browser is downloaded.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ -z "${WEB_TESTS_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "eng/test.sh: installing chromium for the browser tests"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
fi

results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
log="$results/dotnet-test.log"

# Containers this run starts carry its id (tests/IntegrationTesting/PlatformContainers.cs), so a
# crashed run's leftovers are removed without touching anyone else's containers.
export PLATFORM_TEST_RUN="run-$$-$(date +%s)"
remove_test_containers() {
  local cli=podman
  command -v podman >/dev/null 2>&1 || cli=docker
  command -v "$cli" >/dev/null 2>&1 || return 0
  local ids
  ids=$("$cli" ps -aq --filter "label=platform.test-run=$PLATFORM_TEST_RUN" 2>/dev/null || true)
  [ -n "$ids" ] && "$cli" rm -f $ids >/dev/null 2>&1 || true
}
trap remove_test_containers EXIT

status=0
dotnet test Platform.sln --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" 2>&1 | tee "$log" || status=$?

# One summary line over every test assembly, from the TRX result files.
trx_files=("$results"/*.trx)
[ -e "${trx_files[0]}" ] || trx_files=()
awk '
  /<Counters / {
    match($0, /total="[0-9]+"/);    t += substr($0, RSTART + 7, RLENGTH - 8)
    match($0, /executed="[0-9]+"/); e += substr($0, RSTART + 10, RLENGTH - 11)
    match($0, /passed="[0-9]+"/);   p += substr($0, RSTART + 8, RLENGTH - 9)
    match($0, /failed="[0-9]+"/);   f += substr($0, RSTART + 8, RLENGTH - 9)
    n++
  }
  END { printf "TESTS: %d passed, %d failed, %d not run in %d assemblies\n", p, f + (e - p - f), t - e, n }
' "${trx_files[@]}" /dev/null | tee "$results/summary.txt"

if [ "$status" -ne 0 ]; then
  echo "eng/test.sh: dotnet test failed (exit $status)" >&2
  exit "$status"
fi
if grep -qE ' [1-9][0-9]* failed' "$results/summary.txt" || grep -q ' in 0 assemblies' "$results/summary.txt"; then
  echo "eng/test.sh: failing or missing test results" >&2
  exit 1
fi
