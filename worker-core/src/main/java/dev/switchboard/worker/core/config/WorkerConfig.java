package dev.switchboard.worker.core.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Who this worker is, which backend it drives, and how much work it takes. */
@ConfigMapping(prefix = "switchboard.worker")
public interface WorkerConfig {

    /** The worker's id in statuses, events and logs; defaults to the pool, the host name and a random suffix. */
    Optional<String> id();

    /** The pool whose jobs this worker takes ({@code llm.jobs.<pool>}). */
    String pool();

    /** The base URL of the backend server, e.g. {@code http://127.0.0.1:11434}. */
    String backendUrl();

    /** How many jobs the backend runs at once; the worker never holds more. */
    @WithDefault("1")
    int capacity();

    /** How often the worker publishes its status. */
    @WithDefault("2s")
    Duration statusInterval();

    /** How long a status stays valid; a worker that stops reporting disappears from routing after this. */
    @WithDefault("6s")
    Duration statusTtl();

    /**
     * Whether models that run on a cloud service ({@code …:cloud}, {@code …-cloud}, as Ollama names
     * them) may be offered and called. Off: local by default, nothing leaves the machine.
     */
    @WithDefault("false")
    boolean allowCloudModels();

    /**
     * How long a running job's reply channel may have no subscriber before the job is cancelled:
     * its gateway died, and with it every client waiting for the answer.
     */
    @WithDefault("3s")
    Duration listenerGrace();

    /** How long a stopping worker lets running jobs finish before it cancels them. */
    @WithDefault("20s")
    Duration shutdownGrace();
}
