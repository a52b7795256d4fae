#!/usr/bin/env bash
# Deploys the Azure resources (bicep/main.bicep) into a resource group, then the Functions app.
# Usage: infra/deploy.sh RESOURCE_GROUP PARAMETERS_JSON [--infrastructure-only]
#   PARAMETERS_JSON: a copy of bicep/main.parameters.example.json with your values (secrets passed on the
#   command line or as environment variables, never committed).
#   The app is `dotnet publish src/EnforcementFlows.Functions -c Release` (the isolated worker app), zipped and
#   uploaded with `az functionapp deployment source config-zip`.
# Extra secure values can be given as environment variables, e.g.
#   EF_EXTRA_PARAMETERS="enforcementWebhookSecret=whsec_... smtpPassword=..." infra/deploy.sh ...
#   EF_EXTRA_PARAMETERS='intakeSourceSecrets={"trust-reports":"whsec_..."}' infra/deploy.sh ...
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $# -lt 2 ]]; then
  sed -n '2,10p' "$0" >&2
  exit 2
fi
GROUP="$1"
PARAMETERS="$2"
APP_TOO=1
[[ "${3:-}" == "--infrastructure-only" ]] && APP_TOO=0

command -v az >/dev/null || { echo "error: the Azure CLI (az) is required" >&2; exit 2; }

# shellcheck disable=SC2086 # EF_EXTRA_PARAMETERS is a list of name=value words on purpose
OUTPUTS="$(az deployment group create \
  --resource-group "$GROUP" \
  --name "enforcementflows-$(date -u +%Y%m%d%H%M%S)" \
  --template-file bicep/main.bicep \
  --parameters "@$PARAMETERS" ${EF_EXTRA_PARAMETERS:-} \
  --query properties.outputs -o json)"
output() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1']['value'])" <<<"$OUTPUTS"; }
APP="$(output functionAppName)"
echo "deployed infrastructure; function app: $APP"

if [[ "$APP_TOO" == 1 ]]; then
  OUT="artifacts/functions"
  rm -rf "$OUT"
  mkdir -p "$OUT"
  # Framework-dependent: the dotnet-isolated stack on .NET 10 supplies the runtime.
  dotnet publish src/EnforcementFlows.Functions -c Release -nologo -o "$OUT/app"
  ZIP="$(pwd)/$OUT/enforcementflows-functions.zip"
  (cd "$OUT/app" && python3 -m zipfile -c "$ZIP" .) # no executable bits needed: the host loads the worker with dotnet
  az functionapp deployment source config-zip --resource-group "$GROUP" --name "$APP" --src "$ZIP"
fi
# Key Vault references resolve at start; the role assignments may land after the app first started.
az functionapp restart --resource-group "$GROUP" --name "$APP"
echo "done: https://$(output functionAppHostName)/"
