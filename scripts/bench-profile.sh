#!/usr/bin/env bash
# Profiles the gateway and the Ollama worker under load: starts the suite on the simulator (Ollama worker
# capacity 256), runs scripts/bench.sh at one concurrency level long enough, records 15 s of the level with
# JFR in both JVMs, takes the suite down, and writes per process a flame graph of the Java CPU samples
# (jfr-converter from Maven Central) and the collapsed stacks behind it.
#
#   scripts/bench-profile.sh OUT_DIR [--concurrency 64]
#
# Results: OUT_DIR/<process>.jfr, <process>.collapsed, <process>-cpu.html, summary.md (shares of the samples
# by what the work was for), bench.md (the level's numbers), load.txt (the machine's load before and after). Needs the suite's ports free (hold /tmp/sb-heavy.lock).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

[ $# -ge 1 ] || { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2; }
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"; shift
LEVEL=64
[ "${1:-}" = --concurrency ] && LEVEL="$2"
CONVERTER_VERSION=4.2
RUN="$SWITCHBOARD_ROOT/bench/target/suite"
pick_java

converter="$HOME/.m2/repository/tools/profiler/jfr-converter/$CONVERTER_VERSION/jfr-converter-$CONVERTER_VERSION.jar"
[ -f "$converter" ] || (cd "$SWITCHBOARD_ROOT" && ./mvnw -B -q dependency:get -Dartifact="tools.profiler:jfr-converter:$CONVERTER_VERSION") \
    || die "could not fetch tools.profiler:jfr-converter:$CONVERTER_VERSION from Maven Central"

curl -fsS -o /dev/null http://127.0.0.1:4000/q/health/ready 2>/dev/null && die "a suite is up already; take it down first"
trap 'SWITCHBOARD_RUN_DIR="$RUN" "$SWITCHBOARD_ROOT/scripts/suite.sh" down --keep-infra || true' EXIT
uptime >"$OUT/load.txt"
rm -f "$OUT/summary.md"
SWITCHBOARD_RUN_DIR="$RUN" OLLAMA_WORKER_CAPACITY=256 "$SWITCHBOARD_ROOT/scripts/suite.sh" up --simulator
"$SWITCHBOARD_ROOT/scripts/bench.sh" --concurrency "$LEVEL" --rounds 60 --out "$OUT" >"$OUT/bench.log" 2>&1 &
bench=$!
until grep -q "level $LEVEL" "$OUT/bench.log"; do
    kill -0 "$bench" 2>/dev/null || die "the bench ended before the level began (see $OUT/bench.log)"
    sleep 0.5
done
sleep 3
processes=(api-gateway worker-ollama)
for p in "${processes[@]}"; do
    "$JAVA_HOME/bin/jcmd" "$(cat "$RUN/pids/$p.pid")" JFR.start name=bench settings=profile duration=15s \
        filename="$OUT/$p.jfr" >/dev/null
done
wait "$bench" || die "the bench failed (see $OUT/bench.log)"
uptime >>"$OUT/load.txt"
for p in "${processes[@]}"; do
    "$JAVA_HOME/bin/jfr" print --json --stack-depth 64 --events jdk.ExecutionSample "$OUT/$p.jfr" \
        | python3 "$SWITCHBOARD_ROOT/scripts/lib/jfr-collapse.py" >"$OUT/$p.collapsed"
    "$JAVA_HOME/bin/java" -jar "$converter" --title "$p: Java CPU samples (JFR), concurrency $LEVEL" \
        "$OUT/$p.collapsed" "$OUT/$p-cpu.html" >/dev/null
    python3 "$SWITCHBOARD_ROOT/scripts/lib/jfr-summary.py" "$p" "$OUT/$p.collapsed" >>"$OUT/summary.md"
    echo >>"$OUT/summary.md"
done
log "profiles in $OUT"
