#!/bin/bash
# Starts one KRaft node configured as apache/kafka is: every KAFKA_<NAME> variable is the
# property <name> (lower case, '_' -> '.', '__' -> '_', '___' -> '-'); CLUSTER_ID formats the
# log directories on first start.
set -euo pipefail
config=/opt/kafka/config/server.properties
: >"$config"
launcher_vars=" KAFKA_HEAP_OPTS KAFKA_OPTS KAFKA_JVM_PERFORMANCE_OPTS KAFKA_LOG4J_OPTS KAFKA_GC_LOG_OPTS KAFKA_JMX_OPTS KAFKA_VERSION "
while IFS='=' read -r name value; do
    [[ "$name" == KAFKA_* ]] || continue
    [[ "$launcher_vars" == *" $name "* ]] && continue
    key="${name#KAFKA_}"
    key="${key,,}"
    key="${key//___/-}"
    key="${key//__/@}"
    key="${key//_/.}"
    key="${key//@/_}"
    printf '%s=%s\n' "$key" "$value" >>"$config"
done < <(env)
log_dirs="$(sed -n 's/^log\.dirs=//p' "$config")"
log_dirs="${log_dirs:-/tmp/kraft-combined-logs}"
if [ ! -f "${log_dirs%%,*}/meta.properties" ]; then
    java -Xmx128m -XX:TieredStopAtLevel=1 -cp '/opt/kafka/libs/*' kafka.tools.StorageTool format \
        --ignore-formatted --cluster-id "${CLUSTER_ID:?CLUSTER_ID is needed to format the log directories}" \
        --config "$config"
fi
# shellcheck disable=SC2086 # options lists
exec java ${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:InitiatingHeapOccupancyPercent=35 -Djava.awt.headless=true ${KAFKA_OPTS:-} \
    -cp '/opt/kafka/libs/*' kafka.Kafka "$config"
