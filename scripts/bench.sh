#!/usr/bin/env bash
# Load harness: what the gateway adds to time to first token and inter-token latency over calling the
# backend directly, what it relays per second, and what the gateway and the worker cost (CPU, RSS).
#
#   scripts/bench.sh [--concurrency 1,16,64,256] [--tokens 64] [--requests-per-level 60] [--rounds 3] [--out DIR]
#                    [--ttft-ms 20] [--tps 200] [--warmup 200] [--interleave auto|paired|alternate] [--pause-ms 2000]
#                    [--peer ccr] [--resumable] [--keys] [--body FILE]
#
# --resumable makes every gateway request a resumable generation (header switchboard-resumable: true): the
# worker then also appends each event to the job's Redis Stream; compare a run with and one without it for
# what that costs per event.
# --keys measures the gateway with API keys on: the suite it starts runs with SWITCHBOARD_AUTH=keys (and
# SWITCHBOARD_ADMIN_TOKEN, one made for the run when unset), the bench makes a key through the admin API with limits
# far above the load (so every limit is checked on every request and none refuses) and every gateway request carries
# it (x-api-key, as Claude Code sends it); the key is revoked at the end. Compare with a run without it.
# --body FILE sends a captured Anthropic request (its system prompt, tools and messages; the file holds the request,
# or a capture with it under "body") on the gateway and peer paths, with the bench's model, length and prompt (a
# text block added to its last user message): what a Claude-Code-sized request costs. The report then gives CPU per
# request for every process, session-service and metrics-service included. The direct path keeps its one-line prompt.
# --peer ccr adds a third path: claude-code-router (npm @musistudio/claude-code-router, CCR_VERSION, default
# 2.0.0), installed once with npm into SWITCHBOARD_HOME/peers (offline afterwards), given a config of its own
# (a provider pointed at the simulator's OpenAI endpoint, logging off) and started on a free port for the run.
# CPU per relayed token is then reported for every process of every path: claude-code-router's node process;
# the gateway, the Ollama worker, Kafka and Redis for Switchboard.
#
# Runs against the suite on the simulator (scripts/suite.sh up --simulator). When the gateway is not up,
# it starts the suite itself, with its own run dir (SWITCHBOARD_RUN_DIR, default bench/target/suite) and
# OLLAMA_WORKER_CAPACITY (default: the highest concurrency) so the worker is not the bottleneck, and
# takes it down at the end; infrastructure that was already running is left running. Builds what it needs.
# Results: DIR/bench.md, bench.json and bench.svg (default bench/results). BENCH_JAVA_OPTS sets the
# harness's JVM options (-Xms256m -Xmx1g).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

usage() { sed -n '2,31p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }

CONCURRENCY="1,16,64,256"
OUT="$SWITCHBOARD_ROOT/bench/results"
PEER=""
KEYS=false
KEY_ID=""
ARGS=()
while [ $# -gt 0 ]; do
    case "$1" in
        -h|--help) usage ;;
        --concurrency) [ $# -ge 2 ] || usage; CONCURRENCY="$2"; shift 2 ;;
        --out) [ $# -ge 2 ] || usage; OUT="$2"; shift 2 ;;
        --peer) [ $# -ge 2 ] && [ "$2" = ccr ] || usage; PEER="$2"; shift 2 ;;
        --resumable) ARGS+=("$1"); shift ;;
        --keys) KEYS=true; ARGS+=("$1"); shift ;;
        --body) [ $# -ge 2 ] && [ -f "$2" ] || usage; ARGS+=("$1" "$(realpath "$2")"); shift 2 ;;
        --tokens|--requests-per-level|--rounds|--ttft-ms|--tps|--warmup|--interleave|--pause-ms)
            [ $# -ge 2 ] || usage; ARGS+=("$1" "$2"); shift 2 ;;
        *) usage ;;
    esac
done
MAX_LEVEL="$(tr ',' '\n' <<<"$CONCURRENCY" | sort -n | tail -1)"

GATEWAY_PORT=4000
SIMULATOR_PORT=4010
RUN_DIR="${SWITCHBOARD_RUN_DIR:-$SWITCHBOARD_ROOT/bench/target/suite}"
SUITE="$SWITCHBOARD_ROOT/scripts/suite.sh"

pick_java

log "building the harness"
(cd "$SWITCHBOARD_ROOT" && ./mvnw -B -q -pl bench package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt) || die "the harness did not build; run ./mvnw -B -pl bench package to see why"

CCR_VERSION="${CCR_VERSION:-2.0.0}"
CCR_PACKAGE="$SWITCHBOARD_HOME/peers/claude-code-router-$CCR_VERSION"
CCR_CLI="$CCR_PACKAGE/node_modules/@musistudio/claude-code-router/dist/cli.js"
CCR_PID=""

# Installs claude-code-router once; a later run finds it in the cache and needs no network.
install_ccr() {
    [ -f "$CCR_CLI" ] && return 0
    command -v npm >/dev/null 2>&1 || apt_install nodejs npm || die "--peer ccr needs Node.js 20+ and npm"
    log "installing claude-code-router $CCR_VERSION from npm into $CCR_PACKAGE"
    local scratch="$CCR_PACKAGE.partial"
    rm -rf "$scratch" && mkdir -p "$scratch"
    npm install --prefix "$scratch" --no-audit --no-fund --loglevel=error \
        "@musistudio/claude-code-router@$CCR_VERSION" >&2 || die "npm could not install claude-code-router $CCR_VERSION"
    rm -rf "$CCR_PACKAGE" && mv "$scratch" "$CCR_PACKAGE"
}

free_port() {
    node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# Starts claude-code-router in the foreground of its own process (`ccr start` serves in place) with a HOME of
# its own, so its config, pid file and logs stay in the run dir and a user's own ~/.claude-code-router is untouched.
start_ccr() {
    local home="$RUN_DIR/claude-code-router" port
    port="$(free_port)"
    mkdir -p "$home/.claude-code-router"
    rm -f "$home/.claude-code-router/.claude-code-router.pid"
    # One provider, the simulator's OpenAI endpoint (the one mlx_lm.server speaks), as the default route;
    # logging off, so the peer pays no log I/O the gateway does not pay either.
    cat >"$home/.claude-code-router/config.json" <<JSON
{
  "PORT": $port,
  "LOG": false,
  "API_TIMEOUT_MS": 600000,
  "NON_INTERACTIVE_MODE": true,
  "Providers": [
    {
      "name": "simulator",
      "api_base_url": "http://127.0.0.1:$SIMULATOR_PORT/v1/chat/completions",
      "api_key": "none",
      "models": ["qwen2.5-coder:7b"]
    }
  ],
  "Router": { "default": "simulator,qwen2.5-coder:7b" }
}
JSON
    log "starting claude-code-router $CCR_VERSION on port $port (home $home)"
    HOME="$home" nohup node "$CCR_CLI" start >"$home/ccr.log" 2>&1 </dev/null &
    CCR_PID=$!
    wait_for_port 127.0.0.1 "$port" 60 || die "claude-code-router did not listen on $port (see $home/ccr.log)"
    ARGS+=(--peer "ccr=http://127.0.0.1:$port" --peer-model "simulator,qwen2.5-coder:7b" --process "ccr=$CCR_PID")
}

# The shared infrastructure's processes, found by the port they listen on, so their CPU counts for the gateway path.
infra_pids() {
    local name port pid
    for name in kafka:"${KAFKA_PORT:-9092}" redis:"${REDIS_PORT:-6379}"; do
        port="${name#*:}"
        pid="$(ss -ltnpH "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)"
        if [ -n "$pid" ]; then
            ARGS+=(--process "${name%%:*}=$pid")
        else
            log "no process found listening on $port; ${name%%:*}'s CPU is not reported"
        fi
    done
}

[ "$PEER" = ccr ] && install_ccr

STARTED=false
INFRA_WAS_UP=false
take_down() {
    if [ -n "$KEY_ID" ]; then
        curl -fsS -o /dev/null -X DELETE "http://127.0.0.1:$GATEWAY_PORT/api/keys/$KEY_ID" \
            -H "authorization: Bearer $SWITCHBOARD_ADMIN_TOKEN" || log "could not revoke the bench's key $KEY_ID"
    fi
    if [ -n "$CCR_PID" ]; then
        terminate "$CCR_PID" 10 claude-code-router
    fi
    if $STARTED; then
        log "taking down the suite this script started"
        if $INFRA_WAS_UP; then
            SWITCHBOARD_RUN_DIR="$RUN_DIR" "$SUITE" down --keep-infra || true
        else
            SWITCHBOARD_RUN_DIR="$RUN_DIR" "$SUITE" down || true
        fi
    fi
}
# Makes the key every gateway request of the run carries, through the admin API; the harness reads it from the
# environment, so it shows in no process list.
make_key() {
    local answer status
    status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$GATEWAY_PORT/v1/models")"
    [ "$status" = 401 ] || die "--keys: the gateway answers $status without a key, not 401: it does not run with SWITCHBOARD_AUTH=keys"
    answer="$(curl -fsS "http://127.0.0.1:$GATEWAY_PORT/api/keys" -H "authorization: Bearer $SWITCHBOARD_ADMIN_TOKEN" \
        -H 'content-type: application/json' \
        -d '{"name":"bench","limits":{"requests_per_minute":1000000,"concurrent":10000,"output_tokens_per_day":1000000000000}}')" \
        || die "--keys: the admin API did not make a key (is SWITCHBOARD_ADMIN_TOKEN the gateway's?)"
    KEY_ID="$(jq -r .id <<<"$answer")"
    export SWITCHBOARD_BENCH_KEY
    SWITCHBOARD_BENCH_KEY="$(jq -r .key <<<"$answer")"
    log "made key $KEY_ID for the run"
}

if $KEYS; then
    command -v jq >/dev/null 2>&1 || apt_install jq || die "--keys needs jq"
    export SWITCHBOARD_AUTH=keys
    export SWITCHBOARD_ADMIN_TOKEN="${SWITCHBOARD_ADMIN_TOKEN:-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')}"
fi

trap take_down EXIT
trap 'exit 130' INT TERM

if curl -fsS -o /dev/null "http://127.0.0.1:$GATEWAY_PORT/q/health/ready" 2>/dev/null; then
    # Someone's suite: use it as it is, and find its pid files.
    if [ ! -f "$RUN_DIR/pids/api-gateway.pid" ] && [ -f "$SWITCHBOARD_ROOT/.run/pids/api-gateway.pid" ]; then
        RUN_DIR="$SWITCHBOARD_ROOT/.run"
    fi
    log "the suite is already up; using it (pid files in $RUN_DIR)"
    curl -fsS -o /dev/null "http://127.0.0.1:$SIMULATOR_PORT/api/version" \
        || die "the gateway is up but no simulator answers on $SIMULATOR_PORT: bring the suite up with --simulator"
    capacity="$(sed -n 's/^export OLLAMA_WORKER_CAPACITY=//p' "$RUN_DIR/settings" 2>/dev/null || true)"
    if [ "${capacity:-1}" -lt "$MAX_LEVEL" ]; then
        log "warning: the Ollama worker's capacity is ${capacity:-1 (default)}, below concurrency $MAX_LEVEL;" \
            "requests will queue in the gateway. Restart the suite with OLLAMA_WORKER_CAPACITY=$MAX_LEVEL."
    fi
else
    port_open 127.0.0.1 "$GATEWAY_PORT" && die "port $GATEWAY_PORT is taken but the gateway is not ready (scripts/suite.sh status)"
    "$SWITCHBOARD_ROOT/scripts/infra.sh" status >/dev/null 2>&1 && INFRA_WAS_UP=true
    STARTED=true
    log "starting the suite on the simulator (run dir $RUN_DIR, worker capacity ${OLLAMA_WORKER_CAPACITY:-$MAX_LEVEL})"
    SWITCHBOARD_RUN_DIR="$RUN_DIR" OLLAMA_WORKER_CAPACITY="${OLLAMA_WORKER_CAPACITY:-$MAX_LEVEL}" "$SUITE" up --simulator
fi

infra_pids
[ "$PEER" = ccr ] && start_ccr
$KEYS && make_key

# Netty's direct buffers use sun.misc.Unsafe, which JDK 24+ warns about unless allowed.
UNSAFE=""
[ "$(java_major "$JAVA_HOME/bin/java")" -ge 24 ] && UNSAFE="--sun-misc-unsafe-memory-access=allow"
"$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:--Xms256m -Xmx1g} $UNSAFE \
    -cp "$SWITCHBOARD_ROOT/bench/target/classes:$(cat "$SWITCHBOARD_ROOT/bench/target/classpath.txt")" \
    dev.switchboard.bench.Main --concurrency "$CONCURRENCY" --out "$OUT" --run-dir "$RUN_DIR" \
    --gateway "http://127.0.0.1:$GATEWAY_PORT" --simulator "http://127.0.0.1:$SIMULATOR_PORT" \
    --clock-ticks "$(getconf CLK_TCK)" ${ARGS[@]+"${ARGS[@]}"}
