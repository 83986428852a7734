#!/bin/sh
# Runs once, on an empty data volume: the role the services log in with and the database they
# share (each service keeps its tables in a schema of its own, made by its migrations).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v role="$QUARKUS_DATASOURCE_USERNAME" -v password="$QUARKUS_DATASOURCE_PASSWORD" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE switchboard OWNER :"role";
SQL
