#!/usr/bin/env bash
# Renders every k8s/ overlay with kustomize and validates the result offline (no API server):
# every object against the Kubernetes and KEDA schemas, unknown fields refused, and the manifests
# checked against the services' real configuration (scripts/k8s/validate.mjs says what exactly).
#
#   scripts/k8s-validate.sh
#
# Needs kubectl (its built-in kustomize) or kustomize, and Node.js with npm (installed with
# apt-get when missing). The validator's packages (scripts/k8s/package.json, pinned) are installed
# once into $SWITCHBOARD_HOME/k8s-validate and reused while package.json is unchanged.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

STARTED=$SECONDS
WORK="$SWITCHBOARD_HOME/k8s-validate"
SOURCES="$SWITCHBOARD_ROOT/scripts/k8s"

if command -v kubectl >/dev/null 2>&1; then render=(kubectl kustomize)
elif command -v kustomize >/dev/null 2>&1; then render=(kustomize build)
else
    apt_install kubernetes-client >/dev/null 2>&1 || true
    command -v kubectl >/dev/null 2>&1 || die "needs kubectl or kustomize to render k8s/ (Debian: apt-get install kubernetes-client)"
    render=(kubectl kustomize)
fi
command -v npm >/dev/null 2>&1 || apt_install nodejs npm || die "needs Node.js and npm (Debian: apt-get install nodejs npm)"

mkdir -p "$WORK"
want="$(cksum <"$SOURCES/package.json" | awk '{print $1}')"
if [ "$(cat "$WORK/package.cksum" 2>/dev/null)" != "$want" ] || [ ! -d "$WORK/node_modules" ]; then
    log "installing the validator's packages into $WORK"
    cp "$SOURCES/package.json" "$WORK/package.json"
    (cd "$WORK" && npm install --no-audit --no-fund --loglevel=error >&2) || die "npm install failed"
    echo "$want" >"$WORK/package.cksum"
fi
cp "$SOURCES/validate.mjs" "$WORK/validate.mjs"

rendered=()
for overlay in "$SWITCHBOARD_ROOT"/k8s/overlays/*/; do
    name="$(basename "$overlay")"
    "${render[@]}" "$overlay" >"$WORK/$name.yaml" || die "kustomize could not render k8s/overlays/$name"
    rendered+=("$name=$WORK/$name.yaml")
done
node "$WORK/validate.mjs" "$SWITCHBOARD_ROOT" "$WORK" "${rendered[@]}"
log "k8s validation passed in $((SECONDS - STARTED)) s"
