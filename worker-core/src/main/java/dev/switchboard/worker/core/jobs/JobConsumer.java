package dev.switchboard.worker.core.jobs;

import dev.switchboard.contract.Topics;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.MalformedRecordException;
import dev.switchboard.messaging.DeadLetters;
import dev.switchboard.messaging.KafkaSender;
import dev.switchboard.messaging.consumer.ApplicationConsumer;
import dev.switchboard.messaging.consumer.Backoff;
import dev.switchboard.messaging.consumer.ConsumerThread;
import dev.switchboard.messaging.consumer.Outcome;
import dev.switchboard.worker.core.config.WorkerConfig;
import dev.switchboard.worker.core.config.WorkerIdentity;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Takes jobs from {@code llm.jobs.<pool>} with the shared consumer loop, never holding more than
 * the backend's capacity: at capacity it pauses its partitions and keeps polling, so the group sees
 * it alive however long a generation runs (no rebalance, no redelivery), and a job it has not taken
 * stays in Kafka. Offsets are committed once the jobs before them have their completion records; a
 * record that is not a job goes to the dead-letter topic.
 */
@Singleton
public class JobConsumer extends ApplicationConsumer {

    private static final Duration POLL = Duration.ofMillis(200);
    /** Between two tries at a dead letter Kafka did not take. */
    private static final Backoff DEAD_LETTER_RETRY = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    public JobConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka, WorkerConfig config,
                       WorkerIdentity identity, JobRunner runner, RunningJobs running,
                       KafkaSender sender) {
        super(new ConsumerThread(
                new ConsumerThread.Settings("job-consumer-" + config.pool(), Topics.jobs(config.pool()),
                        consumerProperties(kafka, groupOf(config.pool()), identity), config.capacity(), DEAD_LETTER_RETRY,
                        POLL, config.shutdownGrace()),
                (record, attempt) -> take(runner, record),
                new DeadLetters(sender, groupOf(config.pool())),
                () -> running.all().forEach(run -> run.cancel("the worker is shutting down"))));
    }

    /** Jobs taken and not yet finished. */
    public int inFlight() {
        return thread().inFlight();
    }

    /** How many times partitions were taken from this worker by a rebalance since it started. */
    public int partitionsRevoked() {
        return thread().revocations();
    }

    /** The consumer group of a pool's workers: they share its jobs. */
    public static String groupOf(String pool) {
        return "switchboard-worker-" + pool;
    }

    private static Map<String, Object> consumerProperties(Map<String, Object> kafka, String group, WorkerIdentity identity) {
        // One record a poll: the worker decides after each job whether it can take another.
        Map<String, Object> props = ConsumerThread.properties(kafka, group, 1);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, identity.id());
        // Kafka answers a fetch as soon as a job arrives; this only bounds how often an idle worker
        // asks again (Kafka's default, 500 ms; at 100 ms each idle worker cost the broker about 1% of a core more).
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        // A worker killed outright loses its partitions to the pool's other workers within this
        // time (and a restarted one gets them back as soon), in step with the status lifetime.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        return props;
    }

    /** Runs the job; done when it has its completion record, whether it ran, failed or was dropped. */
    private static CompletionStage<Outcome> take(JobRunner runner, ConsumerRecord<String, byte[]> record) {
        GenerationJob job;
        try {
            job = Codec.JOB.decode(record.value());
        } catch (MalformedRecordException e) {
            return CompletableFuture.completedFuture(new Outcome.DeadLetter(e.getMessage()));
        }
        return runner.run(job).onItemOrFailure().transform((ignored, failure) -> Outcome.DONE)
                .subscribeAsCompletionStage();
    }
}
