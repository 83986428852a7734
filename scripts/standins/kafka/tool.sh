#!/bin/bash
# Kafka's command-line tools, named as in apache/kafka's /opt/kafka/bin.
set -euo pipefail
case "$(basename "$0")" in
    kafka-topics.sh) main=org.apache.kafka.tools.TopicCommand ;;
    kafka-broker-api-versions.sh) main=org.apache.kafka.tools.BrokerApiVersionsCommand ;;
    kafka-consumer-groups.sh) main=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
    kafka-storage.sh) main=kafka.tools.StorageTool ;;
    *) echo "unknown tool $0" >&2; exit 2 ;;
esac
exec java -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j2.level=warn \
    -cp '/opt/kafka/libs/*' "$main" "$@"
