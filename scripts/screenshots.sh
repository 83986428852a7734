#!/usr/bin/env bash
# Takes the README's screenshots (docs/screenshots) in a real headless Chromium against the suite on
# the simulators: a gateway with keys on, signed in with a fresh key, so only what it did shows.
#   scripts/screenshots.sh [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh

out="$PWD/docs/screenshots"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$(realpath -m "$2")"; shift 2 ;;
    -h|--help) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

pick_java
eval "$(bash scripts/infra.sh env)"
SWITCHBOARD_SCREENSHOTS="$out" ./mvnw -B -q verify -pl system-tests -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ReadmeScreenshots
echo "screenshots in $out"
