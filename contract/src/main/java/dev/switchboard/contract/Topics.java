package dev.switchboard.contract;

/** Kafka topic names. */
public final class Topics {

    /** Prefix of the job topics: one topic per worker pool. */
    public static final String JOBS_PREFIX = "llm.jobs.";
    /** One record per finished job, keyed by job id. */
    public static final String COMPLETIONS = "llm.completions";
    /** Suffix of the dead-letter twin of a topic. */
    public static final String DLQ_SUFFIX = ".dlq";

    private Topics() {
    }

    public static String jobs(String pool) {
        if (pool == null || !pool.matches("[a-zA-Z0-9._-]+")) {
            throw new IllegalArgumentException("a pool name is letters, digits, '.', '_' or '-': " + pool);
        }
        return JOBS_PREFIX + pool;
    }

    public static String deadLetter(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
