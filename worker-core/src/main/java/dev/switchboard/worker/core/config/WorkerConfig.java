package dev.switchboard.worker.core.config;

import io.smallrye.config.ConfigMapping;

/** Who this worker is and which backend it drives. */
@ConfigMapping(prefix = "switchboard.worker")
public interface WorkerConfig {

    /** The pool whose jobs this worker takes ({@code llm.jobs.<pool>}). */
    String pool();

    /** The base URL of the backend server, e.g. {@code http://127.0.0.1:11434}. */
    String backendUrl();
}
