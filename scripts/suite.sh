#!/usr/bin/env bash
# Runs the whole suite on this machine without containers: the infrastructure (scripts/infra.sh)
# and the five services, each a plain JVM, logs under one folder.
#
#   scripts/suite.sh up [--simulator] [--no-build]   start what is not running; returns when the gateway is ready
#   scripts/suite.sh down [--keep-infra]             stop the services (and the infrastructure this suite started)
#   scripts/suite.sh status                          what runs where
#   scripts/suite.sh stop|kill|start NAME            stop one service (kill: SIGKILL), or start it again as up did
#
# --simulator also starts two backend simulators, one in place of Ollama (port 4010) and one in
# place of mlx_lm.server (port 4011), and points each worker at its own.
# Settings (environment): OLLAMA_URL (http://127.0.0.1:11434) and MLX_URL (http://127.0.0.1:8080),
# the backends without --simulator; OLLAMA_WORKER_CAPACITY and MLX_WORKER_CAPACITY, the jobs each
# worker runs at once (default 3 and 32, what stock Ollama and mlx_lm.server run at once); SWITCHBOARD_JAVA_OPTS (-Xms32m -Xmx512m -XX:+UseSerialGC, and
# -XX:+UseCompactObjectHeaders on JDK 25 or newer);
# SWITCHBOARD_RUN_DIR (default .run in the checkout), which holds logs/ and pids/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

RUN_DIR="${SWITCHBOARD_RUN_DIR:-$SWITCHBOARD_ROOT/.run}"
LOG_DIR="$RUN_DIR/logs"
PID_DIR="$RUN_DIR/pids"
INFRA="$SWITCHBOARD_ROOT/scripts/infra.sh"

# name:module:port, in start order.
SERVICES=(
    "session-service:session-service:4001"
    "metrics-service:metrics-service:4002"
    "worker-ollama:inference-worker-ollama:4003"
    "worker-mlx:inference-worker-mlx:4004"
    "api-gateway:api-gateway:4000"
)
SIMULATORS=(
    "simulator-ollama:backend-simulator:4010"
    "simulator-mlx:backend-simulator:4011"
)
# Started only by `start NAME`: more gateway instances, for tests of what survives a gateway and
# of what all instances must agree on (API keys and their limits).
ON_DEMAND=(
    "api-gateway-2:api-gateway:4005"
    "api-gateway-3:api-gateway:4006"
)
# The settings `up` ran with (backends, capacities, SWITCHBOARD_* variables), for `start NAME` later.
SETTINGS_FILE="$RUN_DIR/settings"

usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }

field() { echo "$1" | cut -d: -f"$2"; }
jar_of() { echo "$SWITCHBOARD_ROOT/$1/target/quarkus-app/quarkus-run.jar"; }
pid_of() { cat "$PID_DIR/$1.pid" 2>/dev/null || true; }
running() { local pid; pid="$(pid_of "$1")"; [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

# Builds when a service jar is missing or older than any source of the build.
build_if_needed() {
    local entry module stale=""
    for entry in "${SERVICES[@]}" "${SIMULATORS[0]}"; do
        module="$(field "$entry" 2)"
        local jar; jar="$(jar_of "$module")"
        if [ ! -f "$jar" ]; then stale="$module (not built)"; break; fi
        if [ -n "$(find "$SWITCHBOARD_ROOT/$module/src/main" "$SWITCHBOARD_ROOT/$module/pom.xml" \
                     "$SWITCHBOARD_ROOT/contract/src/main" "$SWITCHBOARD_ROOT/messaging/src/main" "$SWITCHBOARD_ROOT/worker-core/src/main" \
                     "$SWITCHBOARD_ROOT/pom.xml" -newer "$jar" -type f 2>/dev/null | head -1)" ]; then
            stale="$module (sources changed)"; break
        fi
    done
    if [ -n "$stale" ]; then
        log "building: $stale"
        (cd "$SWITCHBOARD_ROOT" && ./mvnw -B -q package -DskipTests -pl '!system-tests') \
            || die "the build failed; run ./mvnw -B package -DskipTests to see why"
    fi
}

tail_log() {
    printf '\n--- last 40 lines of %s ---\n' "$1" >&2
    tail -n 40 "$1" >&2 || true
}

# Starts one service unless it already runs; extra arguments are VAR=value settings for it.
start_service() {
    local entry="$1"; shift
    local name module port
    name="$(field "$entry" 1)"; module="$(field "$entry" 2)"; port="$(field "$entry" 3)"
    if running "$name"; then
        log "$name already running (pid $(pid_of "$name"), port $port)"
        return
    fi
    if port_open 127.0.0.1 "$port"; then
        die "port $port, wanted by $name, is taken by another process. Is another suite running? (scripts/suite.sh status)"
    fi
    log "starting $name on 127.0.0.1:$port"
    env "$@" QUARKUS_HTTP_PORT="$port" \
        nohup "$JAVA_HOME/bin/java" ${SWITCHBOARD_JAVA_OPTS:-$(default_java_opts)} \
        -jar "$(jar_of "$module")" >"$LOG_DIR/$name.log" 2>&1 &
    echo $! >"$PID_DIR/$name.pid"
    STARTED+=("$name")
}

# The services' JVM options unless SWITCHBOARD_JAVA_OPTS sets them. From JDK 25, compact object headers:
# 8-byte headers instead of 12, the gateway's peak RSS at 256 streams 270 MB instead of 288 (README, Performance).
default_java_opts() {
    local opts="-Xms32m -Xmx512m -XX:+UseSerialGC"
    [ "$(java_major "$JAVA_HOME/bin/java")" -ge 25 ] && opts="$opts -XX:+UseCompactObjectHeaders"
    echo "$opts"
}

# When up fails half-way, what it started is stopped again: no stray processes.
STARTED=()
stop_started_on_failure() {
    local status=$?
    if [ "$status" -ne 0 ] && [ "${#STARTED[@]}" -gt 0 ]; then
        log "up failed; stopping what it started: ${STARTED[*]}"
        local name
        for name in "${STARTED[@]}"; do stop_service "$name"; done
    fi
}

# Waits until a service answers on its health endpoint (live or ready); fails if its process died.
wait_health() {
    local entry="$1" kind="$2" timeout="${3:-90}"
    local name port waited=0
    name="$(field "$entry" 1)"; port="$(field "$entry" 3)"
    until curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/$kind" 2>/dev/null; do
        if ! running "$name"; then
            tail_log "$LOG_DIR/$name.log"
            die "$name exited while starting"
        fi
        if [ "$waited" -ge $((timeout * 5)) ]; then
            tail_log "$LOG_DIR/$name.log"
            curl -sS "http://127.0.0.1:$port/q/health/$kind" >&2 || true
            die "$name was not $kind after ${timeout}s"
        fi
        sleep 0.2
        waited=$((waited + 1))
    done
}

up() {
    local simulator=false build=true arg
    for arg in "$@"; do
        case "$arg" in
            --simulator) simulator=true ;;
            --no-build) build=false ;;
            *) usage ;;
        esac
    done
    pick_java
    mkdir -p "$LOG_DIR" "$PID_DIR"
    trap stop_started_on_failure EXIT
    "$INFRA" start
    eval "$("$INFRA" env)"
    $build && build_if_needed

    local ollama_url="${OLLAMA_URL:-http://127.0.0.1:11434}" mlx_url="${MLX_URL:-http://127.0.0.1:8080}" entry
    if $simulator; then
        for entry in "${SIMULATORS[@]}"; do start_service "$entry"; done
        for entry in "${SIMULATORS[@]}"; do wait_health "$entry" ready 60; done
        ollama_url="http://127.0.0.1:$(field "${SIMULATORS[0]}" 3)"
        mlx_url="http://127.0.0.1:$(field "${SIMULATORS[1]}" 3)"
    fi
    export OLLAMA_BACKEND="$ollama_url" MLX_BACKEND="$mlx_url"
    save_settings
    for entry in "${SERVICES[@]}"; do
        start_configured "$entry"
    done
    # Every service must come up; the gateway must also be ready (Kafka and Redis reachable).
    for entry in "${SERVICES[@]}"; do
        wait_health "$entry" live 120
    done
    wait_health "api-gateway:api-gateway:4000" ready 60
    status
    log "Switchboard is up: http://127.0.0.1:4000 (logs in $LOG_DIR)"
}

save_settings() {
    local name
    : >"$SETTINGS_FILE"
    for name in $(compgen -e | grep -E '^(SWITCHBOARD_|OLLAMA_|MLX_)' | grep -v '^SWITCHBOARD_RUN_DIR$'); do
        printf 'export %s=%q\n' "$name" "${!name}" >>"$SETTINGS_FILE"
    done
}

# Starts a service with the settings up gives it: each worker its backend and capacity.
start_configured() {
    local entry="$1" name
    name="$(field "$entry" 1)"
    case "$name" in
        worker-ollama) start_service "$entry" SWITCHBOARD_WORKER_BACKEND_URL="${OLLAMA_BACKEND:-http://127.0.0.1:11434}" \
            SWITCHBOARD_WORKER_CAPACITY="${OLLAMA_WORKER_CAPACITY:-3}" ;;
        worker-mlx) start_service "$entry" SWITCHBOARD_WORKER_BACKEND_URL="${MLX_BACKEND:-http://127.0.0.1:8080}" \
            SWITCHBOARD_WORKER_CAPACITY="${MLX_WORKER_CAPACITY:-32}" ;;
        *) start_service "$entry" ;;
    esac
}

entry_of() {
    local entry
    for entry in "${SERVICES[@]}" "${SIMULATORS[@]}" "${ON_DEMAND[@]}"; do
        [ "$(field "$entry" 1)" = "$1" ] && { echo "$entry"; return; }
    done
    die "no service '$1'; the services: $(for entry in "${SIMULATORS[@]}" "${SERVICES[@]}"; do printf '%s ' "$(field "$entry" 1)"; done)"
}

# Starts one stopped service again, as up configured it, and waits until it is live.
start_one() {
    local entry
    entry="$(entry_of "${1:-}")"
    pick_java
    mkdir -p "$LOG_DIR" "$PID_DIR"
    eval "$("$INFRA" env)"
    # shellcheck disable=SC1090
    [ -f "$SETTINGS_FILE" ] && source "$SETTINGS_FILE"
    start_configured "$entry"
    wait_health "$entry" live 120
}

# SIGKILL, as a crash: no shutdown hook runs.
kill_one() {
    local entry name pid
    entry="$(entry_of "${1:-}")"
    name="$(field "$entry" 1)"
    pid="$(pid_of "$name")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        log "killing $name (pid $pid)"
        kill -KILL "$pid"
        while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    fi
    rm -f "$PID_DIR/$name.pid"
}

stop_service() {
    local name="$1" pid waited=0
    pid="$(pid_of "$name")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        log "stopping $name (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null; do
            if [ "$waited" -ge 150 ]; then
                log "$name did not stop in 15s; killing it"
                kill -KILL "$pid" 2>/dev/null || true
                break
            fi
            sleep 0.1
            waited=$((waited + 1))
        done
    fi
    rm -f "$PID_DIR/$name.pid"
}

down() {
    local keep_infra=false arg
    for arg in "$@"; do
        case "$arg" in
            --keep-infra) keep_infra=true ;;
            *) usage ;;
        esac
    done
    local i entry
    # Reverse start order: the gateway first, so that no new work arrives while workers stop.
    for entry in "${ON_DEMAND[@]}"; do stop_service "$(field "$entry" 1)"; done
    for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
        stop_service "$(field "${SERVICES[$i]}" 1)"
    done
    for entry in "${SIMULATORS[@]}"; do stop_service "$(field "$entry" 1)"; done
    $keep_infra || "$INFRA" stop
}

status() {
    local entry name port health
    printf '%-16s %-8s %-22s %s\n' SERVICE PID ADDRESS READINESS
    for entry in "${SIMULATORS[@]}" "${SERVICES[@]}"; do
        name="$(field "$entry" 1)"; port="$(field "$entry" 3)"
        if running "$name"; then
            health="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready" 2>/dev/null || true)"
            case "$health" in 200) health=ready ;; 503) health="not ready (see /q/health/ready)" ;; *) health="no answer" ;; esac
            printf '%-16s %-8s %-22s %s\n' "$name" "$(pid_of "$name")" "127.0.0.1:$port" "$health"
        else
            printf '%-16s %-8s %-22s %s\n' "$name" - "127.0.0.1:$port" stopped
        fi
    done
}

case "${1:-}" in
    up) shift; up "$@" ;;
    down) shift; down "$@" ;;
    status) status; "$INFRA" status ;;
    start) shift; start_one "$@" ;;
    stop) shift; stop_service "$(field "$(entry_of "${1:-}")" 1)" ;;
    kill) shift; kill_one "$@" ;;
    *) usage ;;
esac
