#!/usr/bin/env bash
# Builds the Azure Functions custom handler package: the self-contained Linux app, host.json and
# the function.json folders generated from the app's function table (never hand-written).
# Usage: infra/publish-functions.sh [OUTPUT_DIR]   (default artifacts/functions)
# Prints the path of the zip to deploy (infra/deploy.sh uploads it).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-artifacts/functions}"
PACKAGE="$OUT/package"
ZIP="$OUT/enforcementflows-functions.zip"

rm -rf "$PACKAGE" "$ZIP"
mkdir -p "$PACKAGE"

# Self-contained: the Functions host image has no .NET 10 runtime for a custom handler.
dotnet publish src/EnforcementFlows.App -c Release -r linux-x64 --self-contained -nologo -o "$PACKAGE"
# The root host.json is the isolated worker app's (src/EnforcementFlows.Functions); this package still needs the
# custom handler's until the custom handler is removed (issue 20).
cp infra/custom-handler/host.json "$PACKAGE/host.json"
# The published app writes the folders itself, so the schedule follows the same configuration (appsettings.json, environment).
"$PACKAGE/EnforcementFlows.App" functions emit --out "$PACKAGE"
chmod +x "$PACKAGE/EnforcementFlows.App"

ZIP_ABS="$(cd "$OUT" && pwd)/$(basename "$ZIP")"
if command -v zip >/dev/null 2>&1; then
  (cd "$PACKAGE" && zip -qr "$ZIP_ABS" .)
elif command -v python3 >/dev/null 2>&1; then
  # python3 -m zipfile drops the executable bit; prefer installing zip (see docs/azure.md).
  (cd "$PACKAGE" && python3 -m zipfile -c "$ZIP_ABS" ./*)
else
  ZIP_ABS="${ZIP_ABS%.zip}.tar.gz"
  tar -czf "$ZIP_ABS" -C "$PACKAGE" .
fi
echo "$ZIP_ABS"
