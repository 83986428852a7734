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
