# Sourced by infra/test.sh (bash, set -euo pipefail): must not exit.
# Installs MailDev (npm, MIT) into a gitignored cache when it is missing, and exports
# EF_MAILDEV_DIR for the approval-email tests, which start it as a local SMTP server with a
# REST API to read what arrived. Pinned exactly: 3.0.0 does not install here.
EF_MAILDEV_PACKAGE="maildev@2.2.1"
EF_MAILDEV_DIR="$(pwd)/.cache/maildev"

if [[ ! -f "$EF_MAILDEV_DIR/node_modules/maildev/bin/maildev" ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    printf '[maildev] npm is missing; installing Debian nodejs and npm\n' >&2
    if [[ ! -f /tmp/.ef-apt-updated ]]; then apt-get update -qq && touch /tmp/.ef-apt-updated; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  printf '[maildev] installing %s into %s\n' "$EF_MAILDEV_PACKAGE" "$EF_MAILDEV_DIR" >&2
  mkdir -p "$EF_MAILDEV_DIR"
  npm install --prefix "$EF_MAILDEV_DIR" --no-save --no-audit --no-fund --loglevel=error "$EF_MAILDEV_PACKAGE" >&2
fi

export EF_MAILDEV_DIR
