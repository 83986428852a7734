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

    /**
     * The id of the last request (user's message) of a multi-model exchange that was stopped: whoever
     * runs that request starts no further turn of it.
     */
    public static String exchangeCancelled(String exchangeId) {
        return PREFIX + "exchange:" + exchangeId + ":cancelled";
    }

    /**
     * The user's messages sent to a multi-model exchange while it answered, oldest first (a list of
     * JSON requests): its custodian takes them up one by one, each after the current turn.
     */
    public static String exchangeInbox(String exchangeId) {
        return PREFIX + "exchange:" + exchangeId + ":inbox";
    }

    /**
     * The request a multi-model exchange's custodian answers now or answered last (JSON), set in the
     * same step that makes it the custodian's: a gateway taking the exchange over answers it when
     * the dead one never started it.
     */
    public static String exchangeRequest(String exchangeId) {
        return PREFIX + "exchange:" + exchangeId + ":request";
    }

    /**
     * The answering multi-model exchanges and, for each, the gateway instance running it (a hash:
     * exchange id to instance id): the one the user's message reached, or the one that took over
     * when that died.
     */
    public static String exchangeCustodians() {
        return PREFIX + "exchange:custodians";
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

    /** The id of the API key whose secret has this SHA-256 (hex); the gateways' copy of session-service's table. */
    public static String apiKeySecret(String secretSha256) {
        return PREFIX + "apikey:secret:" + secretSha256;
    }

    /** An API key's allowance, limits and state, as a hash; gone when the key is revoked. */
    public static String apiKey(String keyId) {
        return PREFIX + "apikey:" + keyId;
    }

    /** How many requests an API key made in one minute (minutes since the epoch). */
    public static String apiKeyRequests(String keyId, long epochMinute) {
        return apiKey(keyId) + ":requests:" + epochMinute;
    }

    /** The generations an API key is running: job id scored by the end of its lease (epoch ms). */
    public static String apiKeyRunning(String keyId) {
        return apiKey(keyId) + ":running";
    }

    /** Output tokens an API key used on one UTC day (yyyy-mm-dd). */
    public static String apiKeyTokens(String keyId, String utcDay) {
        return apiKey(keyId) + ":tokens:" + utcDay;
    }

    /** The id of the API key that started a job: only that key may re-attach to it, list or cancel it. */
    public static String jobApiKey(String jobId) {
        return PREFIX + "job:" + jobId + ":api-key";
    }

    /** Set once the gateways' copy of the keys is complete; gone after Redis lost its data, so it is copied again. */
    public static String apiKeysMirrored() {
        return PREFIX + "apikeys:mirrored";
    }
}
