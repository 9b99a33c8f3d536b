#!/usr/bin/env bash
# The one test command: installs what the tests need, builds, runs every test project, and ends with
# a plain "N passed, N failed" line. Usage: bash tests/run.sh [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

echo "==> Installing storage emulators (Azurite, s3rver) from tests/storage-servers/package-lock.json"
npm ci --prefix tests/storage-servers --no-audit --no-fund --loglevel=error

echo "==> Building"
dotnet build Orchestrator.sln -c Release -nologo -clp:ErrorsOnly

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

echo "==> Testing"
set +e
dotnet test Orchestrator.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" \
  --blame-hang --blame-hang-timeout 10m "$@"
status=$?
set -e

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # dotnet test failed without a failed test (a crashed or hung test host): count it as a failure.
  failed=1
fi
echo "$passed passed, $failed failed"
exit "$status"
