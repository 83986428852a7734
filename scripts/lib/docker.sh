# Helpers for the scripts that run containers without a registry: a private Docker engine and
# offline stand-ins for the public images docker-compose.yml names. Source after common.sh.
#
# Settings (environment): SWITCHBOARD_DOCKER_HOST, an engine to use instead of the private one
# (e.g. unix:///var/run/docker.sock); DEBIAN_MIRROR (http://deb.debian.org/debian).

DOCKER_DIR="$SWITCHBOARD_HOME/docker"
STANDIN_DIR="$SWITCHBOARD_HOME/standins"
STANDIN_SOURCES="$SWITCHBOARD_ROOT/scripts/standins"
STANDIN_PREFIX=switchboard-standin
DEBIAN_SUITE=bookworm
# The classic builder: the engine Debian ships has no BuildKit front end for this client.
export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0

# Installs the engine, Compose v1 and debootstrap from Debian when one is missing.
docker_ensure_tools() {
    local missing=()
    command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
    command -v docker >/dev/null 2>&1 || missing+=(docker.io)
    command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
    command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
    [ "${#missing[@]}" -eq 0 ] && return 0
    apt_install "${missing[@]}" || die "needs ${missing[*]} (Debian/Ubuntu: apt-get install ${missing[*]})"
}

# Starts a Docker engine of our own (data, exec root and socket under $DOCKER_DIR; the data
# root is kept between runs as the image cache) and exports DOCKER_HOST. Sets DOCKERD_PID.
DOCKERD_PID=""
docker_start() {
    if [ -n "${SWITCHBOARD_DOCKER_HOST:-}" ]; then
        export DOCKER_HOST="$SWITCHBOARD_DOCKER_HOST"
        docker version >/dev/null || die "no Docker engine answers at $DOCKER_HOST"
        return 0
    fi
    mkdir -p "$DOCKER_DIR"
    export DOCKER_HOST="unix://$DOCKER_DIR/docker.sock"
    if [ -s "$DOCKER_DIR/dockerd.pid" ] && kill -0 "$(cat "$DOCKER_DIR/dockerd.pid")" 2>/dev/null; then
        die "a private Docker engine already runs (pid $(cat "$DOCKER_DIR/dockerd.pid")); is another run under way?"
    fi
    rm -f "$DOCKER_DIR/dockerd.pid"
    # The engine gets none of our open files but its output: a lock held by a caller (flock)
    # would otherwise be held by the engine, and its containers, for as long as they live.
    (
        for fd in /proc/"$BASHPID"/fd/*; do
            fd="${fd##*/}"
            [ "$fd" -gt 2 ] && eval "exec $fd>&-"
        done
        root=()
        [ "$(id -u)" -eq 0 ] || root=(sudo)
        exec "${root[@]}" dockerd --data-root "$DOCKER_DIR/data" --exec-root "$DOCKER_DIR/exec" \
            --pidfile "$DOCKER_DIR/dockerd.pid" --host "$DOCKER_HOST"
    ) >"$DOCKER_DIR/dockerd.log" 2>&1 &
    local launcher=$! waited=0
    until docker version >/dev/null 2>&1; do
        kill -0 "$launcher" 2>/dev/null || { tail -n 20 "$DOCKER_DIR/dockerd.log" >&2; die "dockerd exited"; }
        [ "$waited" -ge 300 ] && { tail -n 20 "$DOCKER_DIR/dockerd.log" >&2; die "dockerd did not answer within 30 s"; }
        sleep 0.1
        waited=$((waited + 1))
    done
    DOCKERD_PID="$(cat "$DOCKER_DIR/dockerd.pid")"
    log "Docker engine $(docker version -f '{{.Server.Version}}') started (pid $DOCKERD_PID, log $DOCKER_DIR/dockerd.log)"
}

# Stops the private engine (its containers stop with it); the image cache stays.
docker_stop() {
    [ -n "$DOCKERD_PID" ] || return 0
    terminate "$DOCKERD_PID" 30 dockerd
    DOCKERD_PID=""
}

# Builds the image unless it exists. Arguments: tag, then `docker build` arguments.
# Each stand-in's tag carries a checksum of its sources, so a changed source builds anew.
standin_build() {
    local tag="$1"; shift
    docker image inspect "$tag" >/dev/null 2>&1 && return 0
    log "building $tag"
    docker build -q -t "$tag" "$@" 2>&1 >/dev/null | without_builder_notice >&2
    [ "${PIPESTATUS[0]}" = 0 ] || die "building $tag failed"
}

# Drops the client's notice that the classic builder is deprecated.
without_builder_notice() {
    grep -vE '^DEPRECATED: The legacy builder|^ +BuildKit is currently disabled|^ +environment-variable\.|^$' || true
}

sources_sum() { cat "$@" | cksum | awk '{print $1}'; }

# A minimal Debian root file system (debootstrap, minbase), kept as a tar in the cache.
standin_base() {
    STANDIN_BASE="$STANDIN_PREFIX/debian:$DEBIAN_SUITE"
    docker image inspect "$STANDIN_BASE" >/dev/null 2>&1 && return 0
    local tar="$STANDIN_DIR/debian-$DEBIAN_SUITE-minbase.tar"
    mkdir -p "$STANDIN_DIR"
    if [ ! -s "$tar" ]; then
        local root="$STANDIN_DIR/rootfs.partial"
        as_root rm -rf "$root"
        log "debootstrap: a minimal Debian $DEBIAN_SUITE (about a minute)"
        as_root debootstrap --variant=minbase "$DEBIAN_SUITE" "$root" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" \
            >"$STANDIN_DIR/debootstrap.log" 2>&1 || { tail -n 20 "$STANDIN_DIR/debootstrap.log" >&2; die "debootstrap failed"; }
        as_root rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
        as_root tar -C "$root" -cf "$tar.partial" .
        mv "$tar.partial" "$tar"
        as_root rm -rf "$root"
    fi
    log "importing $STANDIN_BASE"
    docker import "$tar" "$STANDIN_BASE" >/dev/null
}

# A Java runtime made by jlink from the local JDK, in /opt/java/openjdk as eclipse-temurin has it.
standin_jre() {
    local version modules=java.se,jdk.unsupported,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.net,jdk.crypto.ec,jdk.jfr
    version="$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/ {print $2; exit}')"
    STANDIN_JRE="$STANDIN_PREFIX/jre:${version//+/_}-$(sources_sum "$STANDIN_SOURCES/jre.Dockerfile")"
    docker image inspect "$STANDIN_JRE" >/dev/null 2>&1 && return 0
    local context="$STANDIN_DIR/jre-$version"
    if [ ! -x "$context/jre/bin/java" ]; then
        log "jlink: a Java $version runtime"
        rm -rf "$context"
        mkdir -p "$context"
        "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
            --compress=zip-6 --output "$context/jre" || die "jlink failed"
    fi
    standin_build "$STANDIN_JRE" --build-arg BASE_IMAGE="$STANDIN_BASE" -f "$STANDIN_SOURCES/jre.Dockerfile" "$context"
}

standin_kafka() {
    local libs version
    libs="$("$SWITCHBOARD_ROOT/scripts/infra.sh" kafka-libs)"
    version="$(basename "$(dirname "$libs")")"
    STANDIN_KAFKA="$STANDIN_PREFIX/kafka:$version-$(sources_sum "$STANDIN_SOURCES"/kafka/*)"
    docker image inspect "$STANDIN_KAFKA" >/dev/null 2>&1 && return 0
    local context="$STANDIN_DIR/kafka-context"
    rm -rf "$context"
    mkdir -p "$context"
    cp -a "$STANDIN_SOURCES"/kafka/* "$context/"
    cp -al "$libs" "$context/libs" 2>/dev/null || cp -a "$libs" "$context/libs"
    standin_build "$STANDIN_KAFKA" --build-arg JRE_IMAGE="$STANDIN_JRE" "$context"
    rm -rf "$context"
}

# Redis and PostgreSQL from Debian's packages, on the base above.
standin_debian_service() {
    local name="$1" tag
    tag="$STANDIN_PREFIX/$name:$DEBIAN_SUITE-$(sources_sum "$STANDIN_SOURCES/$name"/*)"
    standin_build "$tag" --build-arg BASE_IMAGE="$STANDIN_BASE" "$STANDIN_SOURCES/$name"
    echo "$tag"
}

# Builds every stand-in and exports the compose file's image variables to name them.
standins_build() {
    standin_base
    standin_jre
    standin_kafka
    export JRE_IMAGE="$STANDIN_JRE" KAFKA_IMAGE="$STANDIN_KAFKA"
    REDIS_IMAGE="$(standin_debian_service redis)"
    POSTGRES_IMAGE="$(standin_debian_service postgres)"
    export REDIS_IMAGE POSTGRES_IMAGE
}
