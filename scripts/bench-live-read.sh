#!/usr/bin/env bash
# Pub/sub against XREAD for a resumable generation's live events (bench/…/LiveReadBench): what each
# costs the gateway's event loop and Redis per event, and the time from a worker's send to the
# gateway's receipt, at several numbers of generations at once. Runs on a Redis of its own, started
# here on a free port and stopped at the end, so that nothing else is counted.
#
#   scripts/bench-live-read.sh [--levels 1,16,64,256] [--events 200] [--gap-ms 5] [--out FILE]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

OUT="$SWITCHBOARD_ROOT/bench/results/live-read.md"
ARGS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --levels|--events|--gap-ms) [ $# -ge 2 ] || die "$1 needs a value"; ARGS+=("$1" "$2"); shift 2 ;;
        --out) [ $# -ge 2 ] || die "--out needs a file"; OUT="$2"; shift 2 ;;
        *) sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done

pick_java
command -v redis-server >/dev/null || die "redis-server is missing; scripts/infra.sh start installs it"
(cd "$SWITCHBOARD_ROOT" && ./mvnw -B -q -pl bench package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt) || die "the harness did not build; run ./mvnw -B -pl bench package to see why"

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
DIR="$(mktemp -d)"
redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$DIR" --daemonize yes \
    --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log"
trap 'kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true; rm -rf "$DIR"' EXIT
for _ in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

mkdir -p "$(dirname "$OUT")"
{
    echo "# Live events of a resumable generation: pub/sub against XREAD"
    echo
    echo "\`scripts/bench-live-read.sh ${ARGS[*]:-}\` on $(nproc) cores, $(date -u +%Y-%m-%d), load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    "$JAVA_HOME/bin/java" -Xms256m -Xmx1g -cp "$SWITCHBOARD_ROOT/bench/target/classes:$(cat "$SWITCHBOARD_ROOT/bench/target/classpath.txt")" \
        dev.switchboard.bench.LiveReadBench --redis "redis://127.0.0.1:$PORT" "${ARGS[@]}"
} > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
