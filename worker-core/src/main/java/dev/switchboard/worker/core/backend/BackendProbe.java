package dev.switchboard.worker.core.backend;

import io.smallrye.mutiny.Uni;

/** Asks a backend server whether it answers; each worker implements it with its server's health endpoint. */
public interface BackendProbe {

    /** Completes with a short description of the backend when it answers, fails when it does not. */
    Uni<String> probe();
}
