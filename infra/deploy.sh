#!/usr/bin/env bash
# Deploys the Azure resources (bicep/main.bicep) into a resource group, then the app package.
# Usage: infra/deploy.sh RESOURCE_GROUP PARAMETERS_JSON [PACKAGE_ZIP]
#   PARAMETERS_JSON: a copy of bicep/main.parameters.example.json with your values (secrets as
#   Key Vault references or passed on the command line, never committed).
#   PACKAGE_ZIP: from infra/publish-functions.sh; omitted: infrastructure only.
# Extra secure values can be given as environment variables, e.g.
#   EF_EXTRA_PARAMETERS="enforcementWebhookSecret=whsec_... smtpPassword=..." infra/deploy.sh ...
#   EF_EXTRA_PARAMETERS='intakeSourceSecrets={"trust-reports":"whsec_..."}' infra/deploy.sh ...
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -lt 2 ]]; then
  sed -n '2,9p' "$0" >&2
  exit 2
fi
GROUP="$1"
PARAMETERS="$2"
PACKAGE="${3:-}"

command -v az >/dev/null || { echo "error: the Azure CLI (az) is required" >&2; exit 2; }

# shellcheck disable=SC2086 # EF_EXTRA_PARAMETERS is a list of name=value words on purpose
OUTPUTS="$(az deployment group create \
  --resource-group "$GROUP" \
  --name "enforcementflows-$(date -u +%Y%m%d%H%M%S)" \
  --template-file bicep/main.bicep \
  --parameters "@$PARAMETERS" ${EF_EXTRA_PARAMETERS:-} \
  --query properties.outputs -o json)"
APP="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["functionAppName"]["value"])' <<<"$OUTPUTS")"
echo "deployed infrastructure; function app: $APP"

if [[ -n "$PACKAGE" ]]; then
  az functionapp deployment source config-zip --resource-group "$GROUP" --name "$APP" --src "$PACKAGE"
fi
# Key Vault references resolve at start; the role assignment may land after the app first started.
az functionapp restart --resource-group "$GROUP" --name "$APP"
echo "done: https://$(python3 -c 'import json,sys; print(json.load(sys.stdin)["functionAppHostName"]["value"])' <<<"$OUTPUTS")/healthz"
