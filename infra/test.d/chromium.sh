# Sourced by infra/test.sh (bash, set -euo pipefail): must not exit.
# Installs Debian's chromium when it is missing: the browser tests drive it through Playwright
# (a Playwright browser download cannot work here, so its own installer is never called).
if [[ ! -x /usr/bin/chromium ]]; then
  printf '[chromium] /usr/bin/chromium is missing; installing Debian chromium\n' >&2
  if [[ ! -f /tmp/.ef-apt-updated ]]; then apt-get update -qq && touch /tmp/.ef-apt-updated; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
