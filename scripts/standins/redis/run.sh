#!/bin/sh
# As the redis image's entrypoint: options alone mean redis-server's; protected mode is off
# unless the command line sets it (the container's network is the boundary).
set -e
case "$1" in -*) set -- redis-server "$@" ;; esac
if [ "$1" = redis-server ]; then
    case " $* " in *" --protected-mode "*) ;; *) set -- "$@" --protected-mode no ;; esac
fi
exec "$@"
