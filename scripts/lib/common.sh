# Shared helpers for the scripts in this folder. Source it; do not run it.

SWITCHBOARD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Where the scripts keep what they download and the state of what they start.
SWITCHBOARD_HOME="${SWITCHBOARD_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/switchboard}"

log()  { printf '%s %s\n' "[$(date +%H:%M:%S)]" "$*" >&2; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

java_major() {
    # Prints the feature version of the java binary given, e.g. 21 or 25.
    "$1" -XshowSettings:properties -version 2>&1 \
        | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

# Exports JAVA_HOME pointing at a JDK >= 21 (the build targets Java 21).
pick_java() {
    local candidates=() c
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    command -v java >/dev/null 2>&1 && candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
    for c in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
        [ -d "$c" ] && candidates+=("$c")
    done
    for c in "${candidates[@]}"; do
        if [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ]; then
            local major
            major="$(java_major "$c/bin/java")"
            if [ -n "$major" ] && [ "$major" -ge 21 ]; then
                export JAVA_HOME="$c"
                export PATH="$JAVA_HOME/bin:$PATH"
                return 0
            fi
        fi
    done
    die "no JDK 21 or newer found. Install one (Debian/Ubuntu: apt-get install openjdk-21-jdk-headless; macOS: brew install openjdk@21) or set JAVA_HOME."
}

# True when something accepts TCP connections on host:port.
port_open() {
    (exec 3<>"/dev/tcp/$1/$2") >/dev/null 2>&1
}

# Waits until host:port accepts connections; returns 1 after the timeout (seconds).
wait_for_port() {
    local host="$1" port="$2" timeout="${3:-60}" waited=0
    until port_open "$host" "$port"; do
        [ "$waited" -ge $((timeout * 10)) ] && return 1
        sleep 0.1
        waited=$((waited + 1))
    done
}

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else return 1
    fi
}

has_apt() { command -v apt-get >/dev/null 2>&1; }

# Installs Debian packages; fails when apt or root rights are missing.
apt_install() {
    has_apt || return 1
    log "installing $* with apt-get (needs root)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
        && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# True while the process runs. A zombie counts as gone: in a container whose init does not
# reap orphans, a stopped daemon stays a zombie and kill -0 alone would wait for it forever.
alive() {
    kill -0 "$1" 2>/dev/null && ! ps -p "$1" -o stat= 2>/dev/null | grep -q Z
}

# Sends SIGTERM, waits up to the timeout (seconds), then SIGKILL.
terminate() {
    local pid="$1" timeout="$2" name="$3" waited=0
    kill -TERM "$pid" 2>/dev/null || return 0
    while alive "$pid"; do
        if [ "$waited" -ge $((timeout * 5)) ]; then
            log "$name (pid $pid) still running after ${timeout}s: killing it"
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.2
        waited=$((waited + 1))
    done
}
