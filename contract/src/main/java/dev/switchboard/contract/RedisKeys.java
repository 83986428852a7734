package dev.switchboard.contract;

/** Redis pub/sub channel names and key names. */
public final class RedisKeys {

    private static final String PREFIX = "switchboard:";

    private RedisKeys() {
    }

    /** The channel a gateway instance listens on for the events of the jobs it published. */
    public static String replyChannel(String gatewayInstanceId) {
        return PREFIX + "reply:" + gatewayInstanceId;
    }

    /** The channel a gateway instance listens on for the workers' answers about the model operations it sent. */
    public static String modelOperationReplies(String gatewayInstanceId) {
        return PREFIX + "model-ops:" + gatewayInstanceId;
    }

    /** The channel a worker listens on for cancels and model operations. */
    public static String controlChannel(String workerId) {
        return PREFIX + "control:" + workerId;
    }

    /** Set while a job is cancelled, so that a worker never starts it. */
    public static String cancelledJob(String jobId) {
        return PREFIX + "job:" + jobId + ":cancelled";
    }

    /** Names the worker that took a job. */
    public static String takenJob(String jobId) {
        return PREFIX + "job:" + jobId + ":taken";
    }

    /**
     * Set before a job's first piece of answer is published: from then on, a worker that takes the
     * job over from a dead one must not run it again, or the client would read the answer twice.
     */
    public static String streamedJob(String jobId) {
        return PREFIX + "job:" + jobId + ":streamed";
    }

    /**
     * A resumable job's events, a Redis Stream: its first entry the gateway's description of the
     * generation, then every event the worker published, in order. Kept a while after the job ends.
     */
    public static String jobEvents(String jobId) {
        return PREFIX + "job:" + jobId + ":events";
    }

    /** The resumable jobs of a conversation, scored by when the gateway accepted them. */
    public static String conversationJobs(String conversationId) {
        return PREFIX + "conversation:" + conversationId + ":jobs";
    }

    /** How many times clients re-attached to a resumable job. */
    public static String jobReattached(String jobId) {
        return PREFIX + "job:" + jobId + ":reattached";
    }

    /** Set, and kept set, while some client is attached to a resumable job through some gateway. */
    public static String jobAttached(String jobId) {
        return PREFIX + "job:" + jobId + ":attached";
    }

    /**
     * The running resumable jobs and, for each, the gateway instance that watches over it (a hash:
     * job id to instance id): the one that started it, or the one that took over when that died.
     */
    public static String resumableCustodians() {
        return PREFIX + "resumable:custodians";
    }

    /** A running resumable job as it was published, kept so that a gateway taking it over can record it. */
    public static String resumableJob(String jobId) {
        return PREFIX + "job:" + jobId + ":job";
    }

    /**
     * A multi-model exchange's events, a Redis Stream: every event its clients are sent, in order,
     * so that a client re-attaches to the whole exchange through any gateway.
     */
    public static String exchangeEvents(String exchangeId) {
        return PREFIX + "exchange:" + exchangeId + ":events";
    }

    /** A multi-model exchange's state (participants, what was said, what runs), as JSON. */
    public static String exchangeState(String exchangeId) {
        return PREFIX + "exchange:" + exchangeId + ":state";
    }

    /** Set when a multi-model exchange is stopped: whoever runs it starts no further turn. */
    public static String exchangeCancelled(String exchangeId) {
        return PREFIX + "exchange:" + exchangeId + ":cancelled";
    }

    /** The gateway instance running a multi-model exchange: a lease it renews while it does. */
    public static String exchangeOwner(String exchangeId) {
        return PREFIX + "exchange:" + exchangeId + ":owner";
    }

    /** A worker's latest status; expires when the worker stops reporting. */
    public static String workerStatus(String workerId) {
        return PREFIX + "worker:" + workerId;
    }

    /** Pattern matching every worker status key. */
    public static String workerStatusPattern() {
        return PREFIX + "worker:*";
    }

    /** The channel on which workers announce status changes. */
    public static String workerStatusChannel() {
        return PREFIX + "workers";
    }
}
