#!/usr/bin/env bash
# The one test command (named in README.md; .ci/run calls exactly this).
# Installs what the tests need when it is missing, runs every test project, and ends
# with one line "N passed, N failed" summed over the test projects.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

log() { printf '[test.sh] %s\n' "$*" >&2; }

ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    if [[ ! -f /tmp/.ef-apt-updated ]]; then apt-get update -qq && touch /tmp/.ef-apt-updated; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# sqlite3 is used by the crash/forensics helpers and by people inspecting a database.
ensure_apt sqlite3

# Optional parts other suites need register themselves here (infra/test.d/*.sh);
# each one installs its own dependencies and must fail loudly when it cannot.
if compgen -G "infra/test.d/*.sh" >/dev/null; then
  for part in infra/test.d/*.sh; do
    log "preparing: $part"
    # shellcheck source=/dev/null
    source "$part"
  done
fi

RESULTS="$ROOT/artifacts/test-results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

log "building"
dotnet build EnforcementFlows.sln -c Release -nologo -clp:ErrorsOnly

log "running tests"
set +e
# Progress (one line per finished project and per failure) goes to the console; the whole
# log stays in artifacts/test-results/console.log.
dotnet test EnforcementFlows.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$RESULTS" \
  --logger "console;verbosity=normal" 2>&1 | tee "$RESULTS/console.log" \
  | awk '
      # A failure prints its name and error message (up to the stack trace), so a CI log says why.
      /^[[:space:]]+Failed / { print; inerr = 1; n = 0; fflush(); next }
      inerr && /^[[:space:]]+Stack Trace:/ { inerr = 0 }
      inerr && n < 12 { print; n++; fflush(); next }
      /^Test Run|^Total tests:|^[[:space:]]+(Passed|Failed): / { print; fflush() }'
status=${PIPESTATUS[0]}
set -e

# Sum the outcomes across every TRX file (one per test project).
passed=0; failed=0; skipped=0
counter() { # counter NAME COUNTERS-ELEMENT -> number (0 when absent)
  local v; v="$(sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$2")"; echo "${v:-0}"
}
while IFS= read -r -d '' trx; do
  c="$(grep -o '<Counters [^>]*>' "$trx" | head -n1 || true)"
  passed=$((passed + $(counter passed "$c")))
  failed=$((failed + $(counter failed "$c") + $(counter error "$c") + $(counter timeout "$c") + $(counter aborted "$c")))
  skipped=$((skipped + $(counter notExecuted "$c")))
done < <(find "$RESULTS" -name '*.trx' -print0)
if [[ "$status" -ne 0 && "$failed" -eq 0 ]]; then failed=1; fi  # a crashed test host counts as a failure
if [[ "$skipped" -gt 0 ]]; then
  echo "${passed} passed, ${failed} failed, ${skipped} skipped"
else
  echo "${passed} passed, ${failed} failed"
fi
[[ "$failed" -eq 0 && "$passed" -gt 0 ]]
