# PostgreSQL server binaries for the Postgres store tests: their fixture runs initdb/pg_ctl
# itself (a private server on a free port), so only the package is needed, not a running service.
# Sourced by infra/test.sh (set -euo pipefail): never exit, fail by returning non-zero.
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  log "installing Debian packages: postgresql"
  if [[ ! -f /tmp/.ef-apt-updated ]]; then apt-get update -qq && touch /tmp/.ef-apt-updated; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || { log "postgresql installed but initdb is missing"; return 1; }
fi
