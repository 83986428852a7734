#!/usr/bin/env bash
# Installs the Claude Code CLI (npm package @anthropic-ai/claude-code) into a folder, for the
# system tests that drive it headless. Installs Node.js and npm with apt-get when they are missing.
#
#   scripts/claude-code.sh install VERSION DIR     then DIR/node_modules/.bin/claude
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

[ "${1:-}" = install ] && [ $# -eq 3 ] || { sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
version="$2"
dir="$3"

if ! command -v npm >/dev/null 2>&1; then
    if has_apt; then
        log "installing Node.js and npm (apt-get)"
        as_root apt-get update -qq && as_root apt-get install -y -qq nodejs npm >/dev/null \
            || die "could not install Node.js; install Node.js 18 or newer and npm"
    else
        die "npm not found: install Node.js 18 or newer and npm (macOS: brew install node)"
    fi
fi

bin="$dir/node_modules/.bin/claude"
if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "^$version "; then
    exit 0
fi
mkdir -p "$dir"
log "installing @anthropic-ai/claude-code@$version into $dir"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "@anthropic-ai/claude-code@$version" >&2
"$bin" --version >&2
