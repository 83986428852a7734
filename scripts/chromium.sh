#!/usr/bin/env bash
# Makes sure a headless Chromium is there for the web chat's browser tests, and prints its path.
# On Debian/Ubuntu it installs the distribution's `chromium` package with apt-get when it is missing;
# elsewhere set CHROMIUM to a Chromium or Chrome binary.
#
#   scripts/chromium.sh            prints the path of the browser
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

if [ -n "${CHROMIUM:-}" ]; then
    [ -x "$CHROMIUM" ] || die "CHROMIUM=$CHROMIUM is not an executable"
    echo "$CHROMIUM"
    exit 0
fi
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then
        command -v "$candidate"
        exit 0
    fi
done
has_apt || die "no Chromium found: install one, or set CHROMIUM to its binary"
log "installing chromium (apt-get)"
as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends chromium >/dev/null \
    || die "could not install chromium with apt-get"
command -v chromium
