#!/usr/bin/env bash
# The one test command: installs what the tests need, builds, runs every test project, and ends with
# a plain "N passed, N failed" line. Usage: bash tests/run.sh [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

echo "==> Checking the machine (the .NET 10 SDK, Node 20 with npm, python3, kubectl)"
missing=0
need() { # need COMMAND WHAT-AND-HOW
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "missing: $1 ($2)" >&2
    missing=1
  fi
}
need dotnet "the .NET 10 SDK: https://learn.microsoft.com/dotnet/core/install/linux-debian"
need node "Node.js 20 or newer, for the storage emulators: https://nodejs.org"
need npm "npm, with Node.js"
need python3 "Python 3, for the sample trainer the sandbox's pods run: apt-get install -y python3"
need kubectl "kubectl 1.27 or newer, which the sandbox's kubectl tests drive: https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/"
# The Python conformance suite (tests/python/conformance) drives Debian's official Kubernetes client for /usr/bin/python3.
if ! /usr/bin/python3 -c 'import kubernetes' >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> Installing python3-kubernetes (apt-get) for tests/python/conformance"
    apt-get install -y -qq python3-kubernetes >/dev/null 2>&1 ||
      { apt-get update -qq && apt-get install -y -qq python3-kubernetes >/dev/null; } || true
  fi
  if ! /usr/bin/python3 -c 'import kubernetes' >/dev/null 2>&1; then
    echo "missing: the Kubernetes Python client for /usr/bin/python3 (as root: apt-get install -y python3-kubernetes)" >&2
    missing=1
  fi
fi
if [ "$missing" -eq 0 ]; then
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$node_major" -lt 20 ]; then
    echo "missing: Node.js 20 or newer (found $(node --version)); Azurite 3.35 needs it" >&2
    missing=1
  fi
  if ! dotnet --list-sdks | grep -q '^10\.'; then
    echo "missing: the .NET 10 SDK (dotnet --list-sdks shows none); global.json asks for 10.0.100 or a later feature band" >&2
    missing=1
  fi
fi
if [ "$missing" -ne 0 ]; then
  echo "0 passed, 1 failed"
  exit 2
fi

# Real PyTorch (Debian's python3-torch: 1.13 CPU with gloo and torchrun, for /usr/bin/python3) for the DDP stories
# and the trainer library; python3-pip and python3-wheel let its tests pip-install the library without an index.
echo "==> Checking for PyTorch (python3-torch for /usr/bin/python3)"
if ! /usr/bin/python3 -c "import torch, wheel, pip" >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    torch_start=$(date +%s)
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq python3-torch python3-pip python3-wheel >/dev/null
    echo "installed python3-torch in $(( $(date +%s) - torch_start ))s"
  else
    echo "missing: PyTorch for /usr/bin/python3; install it with: sudo apt-get install -y python3-torch python3-pip python3-wheel" >&2
    echo "0 passed, 1 failed"
    exit 2
  fi
fi

echo "==> Installing storage emulators (Azurite, s3rver) from tests/storage-servers/package-lock.json"
npm ci --prefix tests/storage-servers --no-audit --no-fund --loglevel=error
echo "==> Installing Prometheus' PromQL grammar (the chart's dashboard and alert tests) from tests/promql/package-lock.json"
npm ci --prefix tests/promql --no-audit --no-fund --loglevel=error

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

# Python suites (standard-library unittest): tests/python/pyunit.py writes NAME.counts next to the trx
# files. Add a suite as: python_suite NAME INTERPRETER START_DIR
python_suite() {
  echo "==> Python suite: $1"
  if ! "$2" tests/python/pyunit.py --name "$1" --start "$3" --results "$results"; then
    status=1
  fi
}
# The official Kubernetes Python client against `trainctl sandbox` (built above): tests/python/conformance.
python_suite conformance /usr/bin/python3 tests/python/conformance
# The orchestrator-trainer library's own unit tests.
python_suite orchestrator-trainer /usr/bin/python3 src/orchestrator-trainer/tests
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
for counts in "$results"/*.counts; do
  [ -f "$counts" ] || continue
  read -r p f <"$counts"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # dotnet test failed without a failed test (a crashed or hung test host): count it as a failure.
  failed=1
fi
echo "$passed passed, $failed failed"
exit "$status"
