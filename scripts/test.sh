#!/usr/bin/env bash
# The test command. Starts the local infrastructure when it is not running, exports its
# addresses, then builds and tests everything: unit tests, @QuarkusTest per service against the
# real Kafka, Redis and PostgreSQL, and the system tests against the suite started from the build;
# then, on that build, the Kubernetes manifests (scripts/k8s-validate.sh) and docker-compose.yml
# (scripts/compose-test.sh). Each step's time is printed at the end.
#
#   scripts/test.sh [extra Maven arguments, e.g. -pl contract or -DskipSystemTests]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

pick_java
"$SWITCHBOARD_ROOT/scripts/infra.sh" start
eval "$("$SWITCHBOARD_ROOT/scripts/infra.sh" env)"

cd "$SWITCHBOARD_ROOT"
# Reports of an earlier run would be counted in the summary below.
rm -rf ./*/target/surefire-reports ./*/target/failsafe-reports
status=0
timings=()
# Runs one step, keeps its time for the closing lines, and remembers a failure.
step() {
    local name="$1" started=$SECONDS result=passed
    shift
    "$@" || { status=1; result=FAILED; }
    timings+=("$name: $result in $((SECONDS - started)) s")
}
step "maven verify" ./mvnw -B verify "$@"
# The deployment checks use the build above: the Kubernetes manifests (SWITCHBOARD_TEST_K8S=0
# skips them), then, when the build passed, docker-compose.yml on a private Docker engine
# (SWITCHBOARD_TEST_COMPOSE=0 skips it).
[ "${SWITCHBOARD_TEST_K8S:-1}" = 0 ] || step "k8s validation" scripts/k8s-validate.sh
if [ "${SWITCHBOARD_TEST_COMPOSE:-1}" != 0 ] && [ "$status" = 0 ]; then
    step "compose test" scripts/compose-test.sh
fi

# One closing line over every module's Surefire and Failsafe reports.
summary() {
    local tests=0 failures=0 errors=0 skipped=0 file line
    for file in */target/surefire-reports/TEST-*.xml */target/failsafe-reports/TEST-*.xml; do
        [ -f "$file" ] || continue
        line="$(grep -m1 -o '<testsuite [^>]*>' "$file")"
        tests=$((tests + $(attr tests "$line")))
        failures=$((failures + $(attr failures "$line")))
        errors=$((errors + $(attr errors "$line")))
        skipped=$((skipped + $(attr skipped "$line")))
    done
    echo
    echo "Tests: $((tests - failures - errors - skipped)) passed, $((failures + errors)) failed, $skipped skipped"
    printf '%s\n' "${timings[@]}"
}
attr() { echo "$2" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
summary
exit "$status"
