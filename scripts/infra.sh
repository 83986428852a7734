#!/usr/bin/env bash
# Local infrastructure for Switchboard on a machine without Docker: a real Kafka broker
# (KRaft, one node, jars from Maven Central), Redis and PostgreSQL, all on loopback.
#
#   scripts/infra.sh start            start what is missing, reuse what already runs
#   scripts/infra.sh stop             stop only what this script started
#   scripts/infra.sh status           per service: up or down, where, who started it
#   scripts/infra.sh env              export lines for the services: eval "$(scripts/infra.sh env)"
#   scripts/infra.sh kafka-libs       resolve the broker's jars (cached) and print their folder
#   scripts/infra.sh start-one kafka|redis|postgres
#   scripts/infra.sh stop-one  kafka|redis|postgres [--force]
#                                     --force also stops a Redis or PostgreSQL this script only
#                                     reuses (outage tests); start-one brings it back as reused.
#
# Settings (environment): KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), REDIS_PORT (6379),
# PGPORT (5432), KAFKA_VERSION (scripts/kafka/pom.xml's), KAFKA_HEAP_OPTS (-Xms256m -Xmx512m),
# KAFKA_MAX_MESSAGE_BYTES (67108864), KAFKA_START_TIMEOUT (120 s), KAFKA_STOP_TIMEOUT (30 s),
# SWITCHBOARD_HOME (see lib/common.sh). `status` exits 3 when a service is down.
#
# Everything it writes lives under $SWITCHBOARD_HOME: kafka/<version>/libs (the broker's jars,
# cached), kafka/data (the broker's log dirs), kafka/config, redis/ (Redis' working dir) and
# run/ (pid files, logs, and the marks of what this script started, which `stop` reads).
# Kafka's command-line tools run from the cached jars too, e.g.
#   java -cp "$SWITCHBOARD_HOME/kafka/4.2.1/libs/*" org.apache.kafka.tools.TopicCommand \
#        --bootstrap-server 127.0.0.1:9092 --list
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

HOST=127.0.0.1
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
REDIS_PORT="${REDIS_PORT:-6379}"
PGPORT="${PGPORT:-5432}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
REDIS_START_TIMEOUT=20
PG_START_TIMEOUT=60

DB_USER=switchboard
DB_PASSWORD=switchboard
# One database; each service keeps its tables in a schema of its own.
DATABASES="switchboard"

# Jobs can be several MB (whole Claude Code conversations); the suite sends up to 32 MB.
# The limit applies to a whole record batch after compression, headers and overhead included.
KAFKA_MAX_MESSAGE_BYTES="${KAFKA_MAX_MESSAGE_BYTES:-67108864}"

RUN_DIR="$SWITCHBOARD_HOME/run"
KAFKA_POM="$SWITCHBOARD_ROOT/scripts/kafka/pom.xml"
KAFKA_VERSION="${KAFKA_VERSION:-$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_POM")}"
KAFKA_DIR="$SWITCHBOARD_HOME/kafka"
KAFKA_LIBS="$KAFKA_DIR/$KAFKA_VERSION/libs"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_CONFIG="$KAFKA_DIR/config"
REDIS_DIR="$SWITCHBOARD_HOME/redis"

usage() {
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
    exit "${1:-0}"
}

# ---------------------------------------------------------------------------------------
# Small helpers

# Prints the last 40 lines of each log file given, then dies with the message.
fail_with_log() {
    local message="$1" file
    shift
    for file in "$@"; do
        if [ -s "$file" ]; then
            printf -- '---- last 40 lines of %s ----\n' "$file" >&2
            tail -n 40 "$file" >&2
        fi
    done
    die "$message"
}

# Prints the pid recorded in the file when that process is alive and its command line
# contains the pattern; otherwise removes the stale file and fails. The pattern guards
# against a pid reused by an unrelated process after a reboot.
live_pid() {
    local file="$1" pattern="$2" pid
    [ -s "$file" ] || return 1
    pid="$(tr -dc '0-9' <"$file")"
    if [ -n "$pid" ] && alive "$pid" \
            && ps -ww -p "$pid" -o args= 2>/dev/null | grep -q -- "$pattern"; then
        echo "$pid"
        return 0
    fi
    rm -f "$file"
    return 1
}

# ---------------------------------------------------------------------------------------
# Kafka: a single KRaft node (broker and controller in one process) on loopback.

kafka_pid() { live_pid "$RUN_DIR/kafka.pid" 'kafka\.Kafka'; }

# True when a Kafka broker answers on the port. Sends an ApiVersions v0 request (api key 18,
# correlation id 1, client id "infra") and expects correlation id 1 with error code 0 back.
# A bare port check is not enough: the broker binds its port early in start-up but serves
# requests only once it has joined the quorum and is unfenced. Speaking the protocol from
# bash costs milliseconds, where a JVM-based tool would cost seconds on a small machine.
kafka_answers() {
    local port="$1" reply
    if ! command -v timeout >/dev/null 2>&1; then
        # No coreutils timeout (e.g. stock macOS): ask with Kafka's own tool instead.
        kafka_java org.apache.kafka.tools.BrokerApiVersionsCommand \
            --bootstrap-server "$HOST:$port" >/dev/null 2>&1
        return
    fi
    # shellcheck disable=SC2016 # $0 and $1 are the inner shell's
    reply="$(timeout 3 bash -c '
        exec 3<>"/dev/tcp/$0/$1" || exit 1
        printf "\x00\x00\x00\x0f\x00\x12\x00\x00\x00\x00\x00\x01\x00\x05infra" >&3
        head -c 10 <&3 | od -An -tx1' "$HOST" "$port" 2>/dev/null | tr -d ' \n')" || return 1
    [ "${reply:8:12}" = "000000010000" ]
}

# Picks the JDK for Kafka, its tools and Maven once per run (each probe of a JDK costs time).
JAVA_PICKED=0
use_java() {
    if [ "$JAVA_PICKED" = 0 ]; then
        pick_java
        JAVA_MAJOR="$(java_major "$JAVA_HOME/bin/java")"
        JAVA_PICKED=1
    fi
}

# Runs a Kafka class with the cached jars, for tools; the broker itself runs from kafka_launch.
kafka_java() {
    use_java
    "$JAVA_HOME/bin/java" -Xmx256m -Dlog4j2.level=warn -cp "$KAFKA_LIBS/*" "$@"
}

# Copies the broker's jars from Maven Central (through ~/.m2) into the cache, unless the
# cache already holds them for this pom. The jars land in a scratch folder first and are
# moved into place whole, so an interrupted download is never mistaken for a complete one.
kafka_ensure_libs() {
    local stamp="$KAFKA_DIR/$KAFKA_VERSION/pom.cksum" want
    want="$(cksum <"$KAFKA_POM" | awk '{print $1}')"
    if [ -d "$KAFKA_LIBS" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
        return 0
    fi
    log "Kafka $KAFKA_VERSION: resolving the broker's jars into $KAFKA_LIBS"
    use_java
    local partial="$KAFKA_LIBS.partial"
    rm -rf "$partial"
    mkdir -p "$partial"
    "$SWITCHBOARD_ROOT/mvnw" -q -B -f "$KAFKA_POM" dependency:copy-dependencies \
        -Dkafka.version="$KAFKA_VERSION" -DoutputDirectory="$partial" >&2 \
        || die "could not resolve Kafka $KAFKA_VERSION's jars from Maven Central (see Maven's output above)"
    ls "$partial"/kafka_2.13-*.jar >/dev/null 2>&1 || die "Maven copied no kafka_2.13 jar into $partial"
    rm -rf "$KAFKA_LIBS"
    mv "$partial" "$KAFKA_LIBS"
    echo "$want" >"$stamp"
}

kafka_write_config() {
    mkdir -p "$KAFKA_CONFIG" "$KAFKA_DATA"
    cp "$SWITCHBOARD_ROOT/scripts/kafka/log4j2.xml" "$KAFKA_CONFIG/log4j2.xml"
    # The controller quorum is given statically (controller.quorum.voters) rather than as a
    # dynamic quorum (--standalone): the controller's address then lives in this file only,
    # not in the formatted metadata, so a changed KAFKA_CONTROLLER_PORT needs no reformat.
    cat >"$KAFKA_CONFIG/server.properties" <<EOF
# Written by scripts/infra.sh at every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_DATA

num.partitions=3
auto.create.topics.enable=true

# One node: every internal topic with a single replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Fewer partitions for __consumer_offsets than the default 50: created faster on first use.
offsets.topic.num.partitions=10

# Tests want consumer groups to start at once, not after the default 3 s of waiting.
group.initial.rebalance.delay.ms=0

# Jobs can be several MB; the suite sends up to 32 MB. A request carries a whole batch.
message.max.bytes=$KAFKA_MAX_MESSAGE_BYTES
replica.fetch.max.bytes=$KAFKA_MAX_MESSAGE_BYTES
socket.request.max.bytes=104857600

# A local broker: keep its disk use bounded (retention applies to closed segments).
log.retention.hours=24
log.segment.bytes=134217728
EOF
}

# Formats the log dirs once, with a cluster id generated once and kept beside them.
kafka_format() {
    [ -f "$KAFKA_DATA/meta.properties" ] && return 0
    local id_file="$KAFKA_DIR/cluster.id"
    if [ ! -s "$id_file" ]; then
        kafka_java kafka.tools.StorageTool random-uuid >"$id_file.tmp"
        mv "$id_file.tmp" "$id_file"
    fi
    log "Kafka: formatting $KAFKA_DATA (cluster id $(cat "$id_file"))"
    kafka_java kafka.tools.StorageTool format --ignore-formatted \
        --cluster-id "$(cat "$id_file")" --config "$KAFKA_CONFIG/server.properties" \
        >"$RUN_DIR/kafka-format.log" 2>&1 \
        || fail_with_log "formatting Kafka's storage in $KAFKA_DATA failed" "$RUN_DIR/kafka-format.log"
}

# Starts the broker in the background and returns at once; kafka_wait waits for it.
# Sets KAFKA_LAUNCHED=1 when this call started a broker.
KAFKA_LAUNCHED=0
kafka_launch() {
    local pid
    if pid="$(kafka_pid)"; then
        log "Kafka: already running (pid $pid, started by infra.sh)"
        return 0
    fi
    if port_open "$HOST" "$KAFKA_PORT"; then
        kafka_answers "$KAFKA_PORT" || die "$HOST:$KAFKA_PORT is taken by something that is not a Kafka broker answering (set KAFKA_PORT to use another port)"
        log "Kafka: reusing the broker already on $HOST:$KAFKA_PORT (not started by infra.sh)"
        return 0
    fi
    port_open "$HOST" "$KAFKA_CONTROLLER_PORT" \
        && die "$HOST:$KAFKA_CONTROLLER_PORT (Kafka's controller port) is taken; set KAFKA_CONTROLLER_PORT to a free port"

    kafka_ensure_libs
    use_java
    kafka_write_config
    kafka_format

    local java_opts=()
    # The heap is small on purpose; the GC settings are those of Kafka's own launcher.
    # Class data sharing: the JVM writes the classes it loaded to kafka.jsa when the broker
    # stops, and maps them at the next start, which then takes about half as long on a small
    # machine. The JVM rebuilds the archive by itself when the JDK or the jars change.
    read -r -a java_opts <<<"$KAFKA_HEAP_OPTS"
    java_opts+=(-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
        -Djava.awt.headless=true
        -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$KAFKA_DIR/$KAFKA_VERSION/kafka.jsa"
        -Dkafka.logs.dir="$RUN_DIR"
        -Dlog4j2.configurationFile="$KAFKA_CONFIG/log4j2.xml")
    # Java 24+ warns at start-up about sun.misc.Unsafe, which Kafka's dependencies still use.
    if [ "$JAVA_MAJOR" -ge 24 ]; then
        java_opts+=(--sun-misc-unsafe-memory-access=allow)
    fi

    log "Kafka $KAFKA_VERSION: starting on $HOST:$KAFKA_PORT (log: $RUN_DIR/kafka.log)"
    rm -f "$RUN_DIR/kafka.pid"
    : >"$RUN_DIR/kafka.out"
    # A fresh log per start, so that a failed start shows its own lines, not the last run's.
    if [ -f "$RUN_DIR/kafka.log" ]; then mv "$RUN_DIR/kafka.log" "$RUN_DIR/kafka.previous.log"; fi
    # Its own session (setsid, where there is one) so that the broker outlives this script and
    # is not killed with the caller's process group; the wrapper records the pid before exec.
    local detach=()
    if command -v setsid >/dev/null 2>&1; then detach=(setsid); fi
    # shellcheck disable=SC2016 # $$, $0 and $@ are the inner shell's
    (cd "$KAFKA_DIR" && exec ${detach[@]+"${detach[@]}"} nohup bash -c 'echo $$ >"$0"; exec "$@"' "$RUN_DIR/kafka.pid" \
        "$JAVA_HOME/bin/java" "${java_opts[@]}" -cp "$KAFKA_LIBS/*" \
        kafka.Kafka "$KAFKA_CONFIG/server.properties" \
        >>"$RUN_DIR/kafka.out" 2>&1 </dev/null 9>&- &)
    echo "$KAFKA_VERSION" >"$RUN_DIR/kafka.version"
    KAFKA_LAUNCHED=1
    local waited=0
    until [ -s "$RUN_DIR/kafka.pid" ]; do
        [ "$waited" -ge 50 ] && fail_with_log "Kafka's JVM did not start" "$RUN_DIR/kafka.out"
        sleep 0.1
        waited=$((waited + 1))
    done
}

# Waits until the broker answers requests, or fails with its log.
kafka_wait() {
    local deadline=$((SECONDS + KAFKA_START_TIMEOUT))
    until kafka_answers "$KAFKA_PORT"; do
        if [ "$KAFKA_LAUNCHED" = 1 ] && ! kafka_pid >/dev/null; then
            fail_with_log "Kafka exited during start-up" "$RUN_DIR/kafka.out" "$RUN_DIR/kafka.log"
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            # Stop a broker this call started rather than leave a half-started one behind.
            if [ "$KAFKA_LAUNCHED" = 1 ]; then kafka_stop; fi
            fail_with_log "Kafka did not answer on $HOST:$KAFKA_PORT within ${KAFKA_START_TIMEOUT}s (raise KAFKA_START_TIMEOUT on a slow machine)" \
                "$RUN_DIR/kafka.out" "$RUN_DIR/kafka.log"
        fi
        sleep 0.3
    done
    log "Kafka: ready on $HOST:$KAFKA_PORT"
}

kafka_stop() {
    local pid
    if ! pid="$(kafka_pid)"; then
        port_open "$HOST" "$KAFKA_PORT" && log "Kafka: not started by infra.sh; left running"
        return 0
    fi
    log "Kafka: stopping (pid $pid)"
    terminate "$pid" "$KAFKA_STOP_TIMEOUT" Kafka
    rm -f "$RUN_DIR/kafka.pid" "$RUN_DIR/kafka.version"
}

# ---------------------------------------------------------------------------------------
# Redis. The pid file is Redis' own; run/redis.owned marks one this script should stop.

redis_pid() {
    local pid
    pid="$(live_pid "$RUN_DIR/redis.pid" redis)" || { rm -f "$RUN_DIR/redis.owned"; return 1; }
    echo "$pid"
}
redis_owned() { [ -f "$RUN_DIR/redis.owned" ] && redis_pid >/dev/null; }

redis_start() {
    if redis_owned; then
        log "Redis: already running (started by infra.sh)"
    elif port_open "$HOST" "$REDIS_PORT"; then
        log "Redis: reusing the server already on $HOST:$REDIS_PORT"
        rm -f "$RUN_DIR/redis.forced" # whoever stopped it has brought it back
        return 0
    else
        if ! command -v redis-server >/dev/null 2>&1; then
            apt_install redis-server \
                || die "Redis is not installed. Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis), or start one on $HOST:$REDIS_PORT."
            # The Debian package may have started its own service: then that one is reused.
            if wait_for_port "$HOST" "$REDIS_PORT" 3; then
                log "Redis: reusing the server the package started on $HOST:$REDIS_PORT"
                return 0
            fi
        fi
        mkdir -p "$REDIS_DIR"
        log "Redis: starting on $HOST:$REDIS_PORT (log: $RUN_DIR/redis.log)"
        # No persistence: Redis only carries live tokens and short-lived keys.
        redis-server --bind "$HOST" --port "$REDIS_PORT" --save "" --appendonly no \
            --daemonize yes --pidfile "$RUN_DIR/redis.pid" --logfile "$RUN_DIR/redis.log" \
            --dir "$REDIS_DIR" >&2 9>&- || fail_with_log "redis-server failed to start" "$RUN_DIR/redis.log"
        # A forced stop of a reused Redis (stop-one --force) leaves a mark: the one started
        # in its place stands in for it and is not ours to stop.
        if [ -f "$RUN_DIR/redis.forced" ]; then
            rm -f "$RUN_DIR/redis.forced"
        else
            touch "$RUN_DIR/redis.owned"
        fi
    fi
    wait_for_port "$HOST" "$REDIS_PORT" "$REDIS_START_TIMEOUT" \
        || fail_with_log "Redis did not accept connections on $HOST:$REDIS_PORT within ${REDIS_START_TIMEOUT}s" "$RUN_DIR/redis.log"
    log "Redis: ready on $HOST:$REDIS_PORT"
}

redis_stop() {
    local force="${1:-}" pid
    if redis_owned; then
        pid="$(redis_pid)"
        log "Redis: stopping (pid $pid)"
        terminate "$pid" 10 Redis
        rm -f "$RUN_DIR/redis.owned" "$RUN_DIR/redis.pid"
    elif port_open "$HOST" "$REDIS_PORT"; then
        if [ "$force" != --force ]; then
            log "Redis: not started by infra.sh; left running"
            return 0
        fi
        log "Redis: stopping the reused server on $HOST:$REDIS_PORT (--force)"
        # SHUTDOWN NOSAVE in Redis' wire protocol, so that redis-cli is not needed.
        # shellcheck disable=SC2016 # $8 and $6 are RESP lengths, not variables
        (exec 3<>"/dev/tcp/$HOST/$REDIS_PORT" && printf '*2\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n' >&3 \
            && cat <&3 >/dev/null) 2>/dev/null || true
        touch "$RUN_DIR/redis.forced"
        rm -f "$RUN_DIR/redis.pid"
    fi
}

# ---------------------------------------------------------------------------------------
# PostgreSQL. run/postgres.owned holds "<version> <cluster>" of a Debian cluster this
# script started; PostgreSQL keeps its own pid file in the cluster's data dir.

# Prints "<version> <cluster> <status>" of the Debian cluster configured for PGPORT.
pg_cluster_on_port() {
    command -v pg_lsclusters >/dev/null 2>&1 || return 1
    pg_lsclusters -h 2>/dev/null | awk -v port="$PGPORT" '$3 == port {print $1, $2, $4; found=1; exit} END {exit !found}'
}

pg_owned() {
    local owned cluster
    [ -s "$RUN_DIR/postgres.owned" ] || return 1
    owned="$(cat "$RUN_DIR/postgres.owned")"
    if cluster="$(pg_cluster_on_port)" && [ "${cluster% *}" = "$owned" ] && [ "${cluster##* }" = online ]; then
        return 0
    fi
    rm -f "$RUN_DIR/postgres.owned"
    return 1
}

# The log file of a Debian cluster, as pg_lsclusters reports it.
pg_log_file() { pg_lsclusters -h "$1" "$2" 2>/dev/null | awk '{print $7}'; }

# Starts (creating it first if needed) a Debian cluster on PGPORT.
pg_start_cluster() {
    local cluster version name
    if ! command -v pg_lsclusters >/dev/null 2>&1; then
        apt_install postgresql \
            || die "PostgreSQL is not installed. Install it (Debian/Ubuntu: sudo apt-get install postgresql; macOS: brew install postgresql@16 && brew services start postgresql@16), make it listen on $HOST:$PGPORT, and run this script again."
        # The Debian package creates and may start a cluster: then that one is reused.
        if wait_for_port "$HOST" "$PGPORT" 5; then
            log "PostgreSQL: reusing the cluster the package started on $HOST:$PGPORT"
            return 0
        fi
    fi
    if ! cluster="$(pg_cluster_on_port)"; then
        # Newest server installed, from Debian's layout (/usr/lib/postgresql/<version>/bin).
        version="$(printf '%s\n' /usr/lib/postgresql/*/bin/postgres | awk -F/ '$(NF-2) ~ /^[0-9.]+$/ {print $(NF-2)}' | sort -n | tail -n 1)"
        [ -n "$version" ] || die "pg_lsclusters is here but no PostgreSQL server is installed: apt-get install postgresql"
        name=main
        pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1 == v && $2 == "main" {found=1} END {exit !found}' && name=switchboard
        log "PostgreSQL: creating cluster $version/$name on port $PGPORT"
        as_root pg_createcluster "$version" "$name" --port "$PGPORT" >&2 \
            || die "pg_createcluster $version $name failed (run this script as root or with sudo)"
        cluster="$version $name down"
    fi
    version="${cluster%% *}"
    name="$(echo "$cluster" | awk '{print $2}')"
    if [ "${cluster##* }" = online ]; then
        die "PostgreSQL cluster $version/$name is online but does not accept connections on $HOST:$PGPORT: set listen_addresses to include 127.0.0.1 (pg_conftool $version $name set listen_addresses localhost) and restart it"
    fi
    log "PostgreSQL: starting cluster $version/$name"
    if ! as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start >&2 9>&-; then
        fail_with_log "pg_ctlcluster $version $name start failed" "$(pg_log_file "$version" "$name")"
    fi
    # A forced stop of a reused cluster (stop-one --force) leaves a mark: not ours to stop.
    if [ -f "$RUN_DIR/postgres.forced" ]; then
        rm -f "$RUN_DIR/postgres.forced"
    else
        echo "$version $name" >"$RUN_DIR/postgres.owned"
    fi
}

# Runs psql as a superuser with SQL on stdin, by the first way that works here (PG_SUPER):
# trust over TCP as postgres, peer auth as the postgres OS user (su when root, else sudo),
# or the current OS user over TCP (Homebrew's PostgreSQL makes it the superuser).
PG_SUPER=""
pg_super() {
    local args=(-X -q -At -v ON_ERROR_STOP=1 -p "$PGPORT" -d postgres)
    case "$PG_SUPER" in
        tcp-postgres) psql -w -h "$HOST" -U postgres "${args[@]}" ;;
        su-postgres) (cd / && su postgres -c "psql ${args[*]}") ;;
        sudo-postgres) (cd / && sudo -u postgres psql "${args[@]}") ;;
        tcp-self) psql -w -h "$HOST" "${args[@]}" ;;
    esac
}

pg_find_super() {
    local way
    for way in tcp-postgres su-postgres sudo-postgres tcp-self; do
        # su needs root; sudo is for everyone else.
        case "$way" in
            su-postgres) [ "$(id -u)" -eq 0 ] || continue ;;
            sudo-postgres) { [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; } || continue ;;
        esac
        PG_SUPER="$way"
        if [ "$(echo 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user;' | pg_super 2>/dev/null)" = t ]; then
            return 0
        fi
    done
    PG_SUPER=""
    return 1
}

# True when the app role logs in with its password over TCP and owns the database.
pg_app_ready() {
    local db
    for db in $DATABASES; do
        [ "$(PGPASSWORD="$DB_PASSWORD" psql -X -w -At -h "$HOST" -p "$PGPORT" -U "$DB_USER" -d "$db" \
            -c 'SELECT pg_get_userbyid(datdba) = current_user FROM pg_database WHERE datname = current_database()' \
            2>/dev/null)" = t ] || return 1
    done
}

pg_ensure_databases() {
    pg_app_ready && return 0
    command -v psql >/dev/null 2>&1 || die "psql is not installed (Debian/Ubuntu: apt-get install postgresql-client; macOS: brew install libpq)"
    pg_find_super || die "cannot connect to PostgreSQL on port $PGPORT as a superuser (tried: psql -h $HOST -U postgres, su/sudo -u postgres psql, psql -h $HOST as $(id -un)). Create them yourself: CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD'; CREATE DATABASE <db> OWNER $DB_USER; for $DATABASES"
    log "PostgreSQL: creating role $DB_USER and databases $DATABASES where missing"
    {
        echo "SELECT 'CREATE ROLE $DB_USER' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER')\\gexec"
        echo "ALTER ROLE $DB_USER WITH LOGIN PASSWORD '$DB_PASSWORD';"
        for db in $DATABASES; do
            echo "SELECT 'CREATE DATABASE $db OWNER $DB_USER' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db')\\gexec"
            echo "ALTER DATABASE $db OWNER TO $DB_USER;"
        done
    } | pg_super >&2 || die "creating the role and databases failed (see psql's output above)"
    pg_app_ready || die "role $DB_USER cannot log in with its password over TCP to $HOST:$PGPORT. Allow it in pg_hba.conf (host all all 127.0.0.1/32 scram-sha-256) and reload PostgreSQL."
}

pg_start() {
    if pg_owned; then
        log "PostgreSQL: already running (started by infra.sh)"
    elif port_open "$HOST" "$PGPORT"; then
        log "PostgreSQL: reusing the server already on $HOST:$PGPORT"
        rm -f "$RUN_DIR/postgres.forced" # whoever stopped it has brought it back
    else
        pg_start_cluster
        if ! wait_for_port "$HOST" "$PGPORT" "$PG_START_TIMEOUT"; then
            local cluster log_file=""
            if cluster="$(pg_cluster_on_port)"; then
                log_file="$(pg_log_file "${cluster%% *}" "$(echo "$cluster" | awk '{print $2}')")"
            fi
            fail_with_log "PostgreSQL did not accept connections on $HOST:$PGPORT within ${PG_START_TIMEOUT}s (is listen_addresses set to include 127.0.0.1?)" "$log_file"
        fi
    fi
    pg_ensure_databases
    log "PostgreSQL: ready on $HOST:$PGPORT (databases $DATABASES)"
}

pg_stop() {
    local force="${1:-}" cluster
    if pg_owned; then
        cluster="$(cat "$RUN_DIR/postgres.owned")"
        log "PostgreSQL: stopping cluster ${cluster/ //}"
        # shellcheck disable=SC2086 # "<version> <cluster>" splits into two arguments
        as_root pg_ctlcluster --skip-systemctl-redirect $cluster stop >&2
        rm -f "$RUN_DIR/postgres.owned"
    elif port_open "$HOST" "$PGPORT"; then
        if [ "$force" != --force ]; then
            log "PostgreSQL: not started by infra.sh; left running"
            return 0
        fi
        cluster="$(pg_cluster_on_port)" || die "PostgreSQL on port $PGPORT is not a Debian cluster; stop it yourself"
        cluster="${cluster% *}"
        log "PostgreSQL: stopping the reused cluster ${cluster/ //} (--force)"
        # shellcheck disable=SC2086
        as_root pg_ctlcluster --skip-systemctl-redirect $cluster stop >&2
        touch "$RUN_DIR/postgres.forced"
    fi
}

# ---------------------------------------------------------------------------------------
# Commands

print_env() {
    local db="$HOST:$PGPORT/switchboard"
    cat <<EOF
export KAFKA_BOOTSTRAP_SERVERS=$HOST:$KAFKA_PORT
export QUARKUS_REDIS_HOSTS=redis://$HOST:$REDIS_PORT
export QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://$db
export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://$db
export QUARKUS_DATASOURCE_USERNAME=$DB_USER
export QUARKUS_DATASOURCE_PASSWORD=$DB_PASSWORD
EOF
}

# One line per service; exits 3 when any is down.
print_status() {
    local down=0 pid cluster state
    if pid="$(kafka_pid)"; then
        state="started by infra.sh (pid $pid)"
        if kafka_answers "$KAFKA_PORT"; then
            printf 'kafka     up    '
        else
            printf 'kafka     DOWN  '
            state="$state, not answering (yet?)"
            down=1
        fi
        printf '%s  %s, version %s, data %s, log %s\n' "$HOST:$KAFKA_PORT" "$state" \
            "$(cat "$RUN_DIR/kafka.version" 2>/dev/null || echo "$KAFKA_VERSION")" "$KAFKA_DATA" "$RUN_DIR/kafka.log"
    elif kafka_answers "$KAFKA_PORT"; then
        printf 'kafka     up    %s  reused (not started by infra.sh), version unknown\n' "$HOST:$KAFKA_PORT"
    else
        printf 'kafka     DOWN  %s  version %s, data %s\n' "$HOST:$KAFKA_PORT" "$KAFKA_VERSION" "$KAFKA_DATA"
        down=1
    fi

    if port_open "$HOST" "$REDIS_PORT"; then
        if redis_owned; then state="started by infra.sh (pid $(redis_pid)), log $RUN_DIR/redis.log"
        else state="reused (not started by infra.sh)"; fi
        printf 'redis     up    %s  %s\n' "$HOST:$REDIS_PORT" "$state"
    else
        redis_owned || true # drops a stale mark
        printf 'redis     DOWN  %s\n' "$HOST:$REDIS_PORT"
        down=1
    fi

    if port_open "$HOST" "$PGPORT"; then
        cluster=""
        if cluster="$(pg_cluster_on_port)"; then
            cluster=", cluster $(echo "$cluster" | awk '{print $1 "/" $2}')"
        fi
        if pg_owned; then state="started by infra.sh$cluster"
        else state="reused (not started by infra.sh)$cluster"; fi
        printf 'postgres  up    %s  %s\n' "$HOST:$PGPORT" "$state"
    else
        pg_owned || true # drops a stale mark
        printf 'postgres  DOWN  %s\n' "$HOST:$PGPORT"
        down=1
    fi
    return $((down * 3))
}

# Serialises the commands that start or stop things, e.g. two test runs starting at once.
# Every service started while it is held gets `9>&-`: a daemon that inherited the lock's
# descriptor would hold the lock for as long as it lives.
take_lock() {
    command -v flock >/dev/null 2>&1 || return 0
    exec 9>"$RUN_DIR/infra.lock"
    flock 9
}

check_service() {
    case "${1:-}" in
        kafka | redis | postgres) ;;
        *) die "expected one of kafka, redis, postgres; got '${1:-}'" ;;
    esac
}

main() {
    local command="${1:-}"
    [ $# -gt 0 ] && shift
    mkdir -p "$RUN_DIR"
    case "$command" in
        start)
            take_lock
            # Kafka's JVM boots while Redis and PostgreSQL are seen to.
            kafka_launch
            redis_start
            pg_start
            kafka_wait
            ;;
        stop)
            take_lock
            kafka_stop
            redis_stop
            pg_stop
            ;;
        start-one)
            check_service "${1:-}"
            take_lock
            case "$1" in
                kafka) kafka_launch; kafka_wait ;;
                redis) redis_start ;;
                postgres) pg_start ;;
            esac
            ;;
        stop-one)
            check_service "${1:-}"
            take_lock
            case "$1" in
                kafka) kafka_stop ;;
                redis) redis_stop "${2:-}" ;;
                postgres) pg_stop "${2:-}" ;;
            esac
            ;;
        status) print_status ;;
        env) print_env ;;
        kafka-libs) kafka_ensure_libs && echo "$KAFKA_LIBS" ;;
        -h | --help | help) usage 0 ;;
        *) usage 2 >&2 ;;
    esac
}

main "$@"
