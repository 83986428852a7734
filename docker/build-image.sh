#!/usr/bin/env bash
# Builds one service's image from its module's Quarkus build (target/quarkus-app), named as in
# docker-compose.yml: <prefix><module folder>:<tag>. ./mvnw package -Dswitchboard.images runs it
# for every service; docker compose build does the same from the compose file.
#
#   docker/build-image.sh <module folder> [JRE image] [name prefix] [tag]
set -euo pipefail
module="$(cd "$1" && pwd)"
jre="${2:-eclipse-temurin:21-jre}" prefix="${3-switchboard/}" tag="${4:-latest}"
[ -f "$module/target/quarkus-app/quarkus-run.jar" ] || { echo "no Quarkus build in $module/target/quarkus-app" >&2; exit 1; }
exec docker build -f "$(dirname "${BASH_SOURCE[0]}")/service.Dockerfile" --build-arg JRE_IMAGE="$jre" \
    -t "$prefix$(basename "$module"):$tag" "$module/target/quarkus-app"
