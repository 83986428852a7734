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

    /** The channel a worker listens on for cancels. */
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
