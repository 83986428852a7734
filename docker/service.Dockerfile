# The image of every Switchboard service, built from the module's Quarkus fast-jar
# (target/quarkus-app, the build context): ./mvnw package, then docker compose build.
#
# JRE_IMAGE is any Java 21+ runtime image with /bin/sh, bash and `java` on the PATH;
# the default is multi-architecture (amd64, arm64), so a Mac builds its own natively.
ARG JRE_IMAGE=eclipse-temurin:21-jre
FROM ${JRE_IMAGE}

WORKDIR /deployments
# Fast-jar layers, from the least to the most often changed: the libraries (about 50 MB), the
# project's own shared modules (lib/main/dev.switchboard.*, a few hundred kB; the listing of the
# dependencies rides along so that the layer is never empty), then the service itself. A code
# change rebuilds only the small layers.
COPY lib/boot/ lib/boot/
COPY lib/main/[^d]* lib/main/
COPY quarkus-app-dependencies.txt lib/main/d* lib/main/
COPY quarkus-run.jar ./
COPY app/ app/
COPY quarkus/ quarkus/

# The JVM sizes its heap from the container's memory limit, not from the host's memory.
# The serial collector: a service gets one or two CPUs, where G1's own threads cost more
# than they save. JAVA_OPTS_APPEND adds options without repeating these.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=60 -XX:InitialRAMPercentage=10 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager" \
    JAVA_OPTS_APPEND="" \
    QUARKUS_HTTP_HOST=0.0.0.0 \
    QUARKUS_HTTP_PORT=8080 \
    LANG=C.UTF-8

RUN printf '#!/bin/sh\n# Starts the service; JAVA_OPTS and JAVA_OPTS_APPEND are split into options on purpose.\nexec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar "$@"\n' >/deployments/run-java \
    && chmod 755 /deployments/run-java \
    && printf '#!/bin/bash\n# Exits 0 when the service answers 200 on /q/health/<live|ready|started> (default ready).\nexec 3<>/dev/tcp/127.0.0.1/"${QUARKUS_HTTP_PORT:-8080}" || exit 1\nprintf "GET /q/health/%%s HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n" "${1:-ready}" >&3\nread -r -t 3 _ status _ <&3 && [ "$status" = 200 ]\n' >/deployments/health \
    && chmod 755 /deployments/health

# Any user id works: the service writes nowhere but /tmp. 185 is the usual one of Java images.
USER 185
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=300s --retries=3 CMD ["/deployments/health", "ready"]
ENTRYPOINT ["/deployments/run-java"]
