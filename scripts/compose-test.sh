#!/usr/bin/env bash
# Runs docker-compose.yml for real, with the simulator profile, on a private Docker engine, and
# checks it through the gateway's published port only:
#   a streamed Anthropic request, a tool call, a cancel that reaches the backend, an OpenAI request
#   (when the gateway serves /v1/chat/completions), the conversation in /api/sessions and its usage
#   in /api/metrics; a worker killed with SIGKILL from the host is restarted by its restart policy;
#   `down` leaves no container and `down -v` no volume.
#
#   scripts/compose-test.sh
#
# No registry is needed: the public images the compose file names (JRE, Kafka, Redis, PostgreSQL)
# are replaced by stand-ins built offline (scripts/standins/README.md), set through the compose
# file's image variables. The services' images are built from the Maven build's
# target/quarkus-app (built here only when missing). Everything fetched or built is cached under
# $SWITCHBOARD_HOME (standins/, docker/), so a second run builds nothing that did not change.
#
# Settings (environment): COMPOSE_TEST_TIMEOUT (300 s, for the suite to become healthy),
# SWITCHBOARD_DOCKER_HOST and DEBIAN_MIRROR (see lib/docker.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$SWITCHBOARD_ROOT/scripts/lib/docker.sh"

PROJECT=sbcomposetest
TIMEOUT="${COMPOSE_TEST_TIMEOUT:-300}"
MODULES=(api-gateway inference-worker-ollama inference-worker-mlx session-service metrics-service backend-simulator)
MODEL=qwen2.5-coder:7b
STARTED=$SECONDS
PHASE_STARTED=$SECONDS

phase() {
    log "$1 ($((SECONDS - PHASE_STARTED)) s)"
    PHASE_STARTED=$SECONDS
}
fail() {
    printf 'compose-test FAILED: %s\n' "$*" >&2
    exit 1
}
compose() { docker-compose -p "$PROJECT" --profile simulator "$@"; }

UP=0
cleanup() {
    local status=$?
    if [ "$UP" = 1 ]; then
        if [ "$status" -ne 0 ]; then
            compose ps >&2 || true
            compose logs --no-color --tail 40 >&2 || true
        fi
        compose down -v --remove-orphans >/dev/null 2>&1 || true
    fi
    docker_stop
    exit "$status"
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------
# Tools, engine, images

cd "$SWITCHBOARD_ROOT"
pick_java
docker_ensure_tools
command -v jq >/dev/null 2>&1 || apt_install jq || die "needs jq"
docker_start
phase "engine ready"

standins_build
phase "stand-in images ready (JRE $JRE_IMAGE, Kafka $KAFKA_IMAGE, $REDIS_IMAGE, $POSTGRES_IMAGE)"

missing=()
for module in "${MODULES[@]}"; do
    [ -f "$module/target/quarkus-app/quarkus-run.jar" ] || missing+=("$module")
done
if [ "${#missing[@]}" -gt 0 ]; then
    log "no Quarkus build of ${missing[*]}: building them"
    ./mvnw -B -q package -DskipTests -pl "$(IFS=,; echo "${missing[*]}")" -am >&2
    phase "Maven build"
fi

compose build --quiet 2>&1 | without_builder_notice >&2
for module in "${MODULES[@]}"; do
    docker image inspect "switchboard/$module:latest" >/dev/null 2>&1 || fail "image switchboard/$module was not built"
done
phase "service images built"
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E '^(switchboard|switchboard-standin)/' | sort >&2

# ---------------------------------------------------------------------------------------
# Up

port="$(for p in $(seq 4100 4199); do port_open 127.0.0.1 "$p" || { echo "$p"; break; }; done)"
[ -n "$port" ] || die "no free port in 4100-4199"
export SWITCHBOARD_PORT="$port"
BASE="http://127.0.0.1:$port"
volumes_before="$(docker volume ls -q | sort)"
UP=1
compose up -d --quiet-pull 2>&1 | grep -v '^$' >&2 || fail "docker-compose up failed"

container() { compose ps -q "$1"; }
health() { docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$(container "$1")"; }
wait_healthy() {
    local service="$1" deadline=$((SECONDS + TIMEOUT))
    until [ "$(health "$service")" = healthy ]; do
        [ "$SECONDS" -ge "$deadline" ] && fail "$service not healthy within ${TIMEOUT}s (now $(health "$service"))"
        sleep 1
    done
}
for service in api-gateway worker-ollama worker-mlx backend-simulator; do
    wait_healthy "$service"
done
phase "suite healthy, gateway on 127.0.0.1:$port"

published="$(docker ps --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}} {{.Ports}}' | grep -- '->' || true)"
[ "$(echo "$published" | grep -c .)" = 1 ] && echo "$published" | grep -q "127.0.0.1:$port->8080/tcp" \
    || fail "only the gateway should be published, on 127.0.0.1:$port; published: $published"

# ---------------------------------------------------------------------------------------
# Requests, through the gateway only

# The workers report their models every 2 s; the gateway routes once it has seen them.
deadline=$((SECONDS + 60))
until curl -fsS "$BASE/v1/models" | jq -e --arg m "$MODEL" '.data | map(.id) | index($m)' >/dev/null; do
    [ "$SECONDS" -ge "$deadline" ] && fail "the gateway lists no $MODEL: $(curl -sS "$BASE/v1/models")"
    sleep 1
done

messages() {
    curl -sS "$BASE/v1/messages" -H 'content-type: application/json' -H 'anthropic-version: 2023-06-01' "$@"
}
# Concatenates the text deltas of an Anthropic SSE stream.
stream_text() { sed -n 's/^data: //p' | jq -rj 'select(.type == "content_block_delta" and .delta.type == "text_delta") | .delta.text'; }

marker="compose-$RANDOM$RANDOM"
body="$(jq -n --arg m "$MODEL" --arg t "[[sim reply=\"Hello from the containers\" tps=0]] $marker" \
    '{model: $m, max_tokens: 64, stream: true, messages: [{role: "user", content: $t}]}')"
headers="$(mktemp)"
stream="$(messages -N -D "$headers" -d "$body")"
echo "$stream" | grep -q '^event: message_stop' || fail "the stream did not end with message_stop: $stream"
text="$(echo "$stream" | stream_text)"
[ "$text" = "Hello from the containers" ] || fail "streamed text was '$text'"
job_id="$(tr -d '\r' <"$headers" | awk -F': ' 'tolower($1) == "switchboard-message-id" {print $2}')"
[ -n "$job_id" ] || fail "no switchboard-message-id header"
log "streamed Anthropic request: '$text' (job $job_id)"

body="$(jq -n --arg m "$MODEL" '{model: $m, max_tokens: 64,
    tools: [{name: "Bash", description: "Runs a command", input_schema: {type: "object", properties: {command: {type: "string"}}, required: ["command"]}}],
    messages: [{role: "user", content: "[[sim tool=Bash args={\"command\":\"ls -la\"}]] list the files"}]}')"
reply="$(messages -d "$body")"
echo "$reply" | jq -e '.stop_reason == "tool_use" and (.content | map(select(.type == "tool_use")) | .[0].input.command == "ls -la")' >/dev/null \
    || fail "no tool call in $reply"
log "tool call: $(echo "$reply" | jq -c '.content[] | select(.type == "tool_use") | {name, input}')"

simulator_stats() {
    docker exec "$(container backend-simulator)" bash -c \
        'exec 3<>/dev/tcp/127.0.0.1/8080; printf "GET /simulator/stats HTTP/1.0\r\n\r\n" >&3; sed "1,/^\r$/d" <&3'
}
disconnects_before="$(simulator_stats | jq .disconnects)"
body="$(jq -n --arg m "$MODEL" '{model: $m, max_tokens: 4000, stream: true,
    messages: [{role: "user", content: "[[sim tokens=3000 tps=20]] count"}]}')"
long="$(mktemp)"
messages -N -D "$headers" -d "$body" >"$long" &
curl_pid=$!
deadline=$((SECONDS + 30))
until grep -q content_block_delta "$long"; do
    [ "$SECONDS" -ge "$deadline" ] && fail "the long stream sent no text"
    sleep 0.2
done
cancel_id="$(tr -d '\r' <"$headers" | awk -F': ' 'tolower($1) == "switchboard-message-id" {print $2}')"
cancelled_at=$SECONDS
curl -fsS -X POST "$BASE/api/chat/cancel/$cancel_id" | jq -e '.cancelled == true' >/dev/null || fail "cancel refused"
deadline=$((SECONDS + 10))
until [ "$(simulator_stats | jq .disconnects)" -gt "$disconnects_before" ]; do
    [ "$SECONDS" -ge "$deadline" ] && fail "the simulator saw no disconnect within 10 s of the cancel"
    sleep 0.2
done
log "cancel reached the simulator within $((SECONDS - cancelled_at)) s"
deadline=$((SECONDS + 10))
while kill -0 "$curl_pid" 2>/dev/null; do
    [ "$SECONDS" -ge "$deadline" ] && fail "the cancelled stream is still open 10 s after the cancel"
    sleep 0.2
done
log "the cancelled stream ended with: $(grep '^event:' "$long" | tail -n 2 | tr '\n' ' ')"
rm -f "$long"

status="$(curl -sS -o /dev/null -w '%{http_code}' "$BASE/v1/chat/completions" -H 'content-type: application/json' -d '{}')"
if [ "$status" = 404 ] || [ "$status" = 405 ]; then
    log "OpenAI request: skipped (the gateway answers $status on /v1/chat/completions)"
else
    body="$(jq -n --arg m "$MODEL" '{model: $m, max_tokens: 32, messages: [{role: "user", content: "[[sim reply=\"Hi from OpenAI\" tps=0]] hi"}]}')"
    reply="$(curl -sS "$BASE/v1/chat/completions" -H 'content-type: application/json' -d "$body")"
    [ "$(echo "$reply" | jq -r '.choices[0].message.content')" = "Hi from OpenAI" ] || fail "OpenAI reply: $reply"
    log "OpenAI request: '$(echo "$reply" | jq -r '.choices[0].message.content')'"
fi

deadline=$((SECONDS + 60))
until curl -fsS "$BASE/api/sessions?q=$marker" | jq -e '.total >= 1' >/dev/null; do
    [ "$SECONDS" -ge "$deadline" ] && fail "no conversation with '$marker' in /api/sessions: $(curl -sS "$BASE/api/sessions?q=$marker")"
    sleep 1
done
until curl -fsS "$BASE/api/metrics/usage/$job_id" | jq -e '.output_tokens > 0' >/dev/null; do
    [ "$SECONDS" -ge "$deadline" ] && fail "no usage of job $job_id in /api/metrics: $(curl -sS "$BASE/api/metrics/usage/$job_id")"
    sleep 1
done
log "conversation in /api/sessions, usage in /api/metrics: $(curl -fsS "$BASE/api/metrics/usage/$job_id" | jq -c '{status, input_tokens, output_tokens}')"
phase "requests checked"

# ---------------------------------------------------------------------------------------
# A worker killed from the host comes back by its restart policy

worker="$(container worker-ollama)"
restarts="$(docker inspect -f '{{.RestartCount}}' "$worker")"
kill -KILL "$(docker inspect -f '{{.State.Pid}}' "$worker")"
deadline=$((SECONDS + TIMEOUT))
until [ "$(docker inspect -f '{{.RestartCount}}' "$worker")" -gt "$restarts" ] && [ "$(health worker-ollama)" = healthy ]; do
    [ "$SECONDS" -ge "$deadline" ] && fail "worker-ollama was not restarted and healthy within ${TIMEOUT}s"
    sleep 1
done
body="$(jq -n '{model: "ollama/qwen2.5-coder:7b", max_tokens: 16, messages: [{role: "user", content: "[[sim reply=\"back\" tps=0]] again"}]}')"
deadline=$((SECONDS + 60))
until [ "$(messages -d "$body" | jq -r '.content[0].text // empty')" = back ]; do
    [ "$SECONDS" -ge "$deadline" ] && fail "the restarted worker's pool does not answer"
    sleep 1
done
phase "worker-ollama killed with SIGKILL, restarted and answering"

# ---------------------------------------------------------------------------------------
# Down

compose down >/dev/null 2>&1 || fail "docker-compose down failed"
left="$(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT")"
[ -z "$left" ] || fail "containers left after down: $left"
[ "$(docker volume ls -q --filter "label=com.docker.compose.project=$PROJECT" | grep -c .)" -ge 2 ] \
    || fail "down removed the data volumes"
compose down -v >/dev/null 2>&1 || fail "docker-compose down -v failed"
UP=0
left="$(docker volume ls -q | sort | comm -13 <(echo "$volumes_before") -)"
[ -z "$left" ] || fail "volumes left after down -v: $left"
left="$(docker network ls -q --filter "label=com.docker.compose.project=$PROJECT")"
[ -z "$left" ] || fail "networks left after down: $left"
phase "down: no container; down -v: no volume"

log "compose test passed in $((SECONDS - STARTED)) s"
