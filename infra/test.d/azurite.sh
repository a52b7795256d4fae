# Sourced by infra/test.sh (bash, set -euo pipefail): must not exit.
# Installs Azurite (npm, MIT; Microsoft's Azure Storage emulator) into a gitignored cache when it
# is missing, and exports EF_AZURITE_DIR for the audit-archive tests, which start its blob server
# on a free port. Pinned exactly: 3.37.0 is the version verified to install and run here.
EF_AZURITE_PACKAGE="azurite@3.37.0"
EF_AZURITE_DIR="$(pwd)/.cache/azurite"

if [[ ! -f "$EF_AZURITE_DIR/node_modules/azurite/dist/src/blob/main.js" ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    printf '[azurite] npm is missing; installing Debian nodejs and npm\n' >&2
    if [[ ! -f /tmp/.ef-apt-updated ]]; then apt-get update -qq && touch /tmp/.ef-apt-updated; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  printf '[azurite] installing %s into %s\n' "$EF_AZURITE_PACKAGE" "$EF_AZURITE_DIR" >&2
  mkdir -p "$EF_AZURITE_DIR"
  npm install --prefix "$EF_AZURITE_DIR" --no-save --no-audit --no-fund --loglevel=error "$EF_AZURITE_PACKAGE" >&2
fi

# The HTTPS (bearer token) tests make a self-signed certificate with openssl.
ensure_apt openssl

export EF_AZURITE_DIR
