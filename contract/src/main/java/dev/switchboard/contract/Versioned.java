package dev.switchboard.contract;

/** A record that travels between services and says which schema version wrote it. */
public interface Versioned {

    int schemaVersion();
}
