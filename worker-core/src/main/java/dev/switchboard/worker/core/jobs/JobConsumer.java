package dev.switchboard.worker.core.jobs;

import dev.switchboard.contract.Topics;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.MalformedRecordException;
import dev.switchboard.worker.core.config.WorkerConfig;
import dev.switchboard.worker.core.config.WorkerIdentity;
import dev.switchboard.worker.core.publish.DeadLetters;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Takes jobs from {@code llm.jobs.<pool>} with a plain Kafka consumer on its own thread, never
 * holding more than the backend's capacity: at capacity it pauses its partitions and keeps
 * polling, so the group sees it alive however long a generation runs (no rebalance, no
 * redelivery), and a job it has not taken stays in Kafka. Offsets are committed once the jobs
 * before them have their completion records.
 */
@ApplicationScoped
public class JobConsumer {

    private static final Logger LOG = Logger.getLogger(JobConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Jobs carry whole conversations: several MB is normal. */
    private static final int MAX_FETCH_BYTES = 64 * 1024 * 1024;

    private final Map<String, Object> kafka;
    private final WorkerConfig config;
    private final WorkerIdentity identity;
    private final JobRunner runner;
    private final RunningJobs running;
    private final DeadLetters deadLetters;
    private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, PartitionOffsets> offsets = new HashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger revoked = new AtomicInteger();
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private boolean paused;

    private record Finished(TopicPartition partition, long offset) {
    }

    public JobConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka, WorkerConfig config,
                       WorkerIdentity identity, JobRunner runner, RunningJobs running, DeadLetters deadLetters) {
        this.kafka = kafka;
        this.config = config;
        this.identity = identity;
        this.runner = runner;
        this.running = running;
        this.deadLetters = deadLetters;
    }

    void start(@Observes StartupEvent event) {
        thread = new Thread(this::loop, "job-consumer-" + config.pool());
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(config.shutdownGrace().plusSeconds(5).toMillis());
        }
    }

    /** Jobs taken and not yet finished. */
    public int inFlight() {
        return inFlight.get();
    }

    /** How many times partitions were taken from this worker by a rebalance since it started. */
    public int partitionsRevoked() {
        return revoked.get();
    }

    /** The consumer group of a pool's workers: they share its jobs. */
    public static String groupOf(String pool) {
        return "switchboard-worker-" + pool;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> props = new HashMap<>();
        kafka.forEach((key, value) -> props.put(key, value));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupOf(config.pool()));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, identity.id());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // One record a poll: the worker decides after each job whether it can take another.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        // Jobs published before this group first joined must still run (deadlines drop stale ones).
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_FETCH_BYTES);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MAX_FETCH_BYTES);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        // A worker killed outright loses its partitions to the pool's other workers within this
        // time (and a restarted one gets them back as soon), in step with the status lifetime.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        return props;
    }

    private void loop() {
        String topic = Topics.jobs(config.pool());
        try (KafkaConsumer<String, byte[]> kafkaConsumer = new KafkaConsumer<>(consumerConfig())) {
            consumer = kafkaConsumer;
            kafkaConsumer.subscribe(List.of(topic), new Rebalance(kafkaConsumer));
            LOG.infof("worker %s takes jobs from %s, %d at a time", identity.id(), topic, config.capacity());
            while (!stopping) {
                commitFinished(kafkaConsumer, false);
                applyBackpressure(kafkaConsumer);
                try {
                    for (ConsumerRecord<String, byte[]> record : kafkaConsumer.poll(POLL)) {
                        take(record);
                    }
                } catch (WakeupException e) {
                    // A job finished or the worker is stopping: look again.
                }
            }
            drain(kafkaConsumer);
        } catch (RuntimeException e) {
            LOG.error("the job consumer stopped", e);
        } finally {
            consumer = null;
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        offsets.computeIfAbsent(partition, p -> new PartitionOffsets()).taken(record.offset());
        GenerationJob job;
        try {
            job = Codec.JOB.decode(record.value());
        } catch (MalformedRecordException e) {
            LOG.errorf("record %s-%d@%d is not a job and goes to the dead-letter topic: %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            deadLetters.send(record.topic(), record.key(), record.value(), e.getMessage())
                    .whenComplete((ignored, failure) -> finished.add(new Finished(partition, record.offset())));
            return;
        }
        inFlight.incrementAndGet();
        runner.run(job).subscribe().with(
                ignored -> done(partition, record.offset()),
                failure -> done(partition, record.offset()));
    }

    private void done(TopicPartition partition, long offset) {
        inFlight.decrementAndGet();
        finished.add(new Finished(partition, offset));
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null && !stopping) {
            // Wake the poll so the free slot is used at once.
            current.wakeup();
        }
    }

    private void applyBackpressure(KafkaConsumer<String, byte[]> kafkaConsumer) {
        boolean full = inFlight.get() >= config.capacity();
        if (full && !paused) {
            kafkaConsumer.pause(kafkaConsumer.assignment());
            paused = true;
        } else if (!full && paused) {
            kafkaConsumer.resume(kafkaConsumer.paused());
            paused = false;
        }
    }

    private void commitFinished(KafkaConsumer<String, byte[]> kafkaConsumer, boolean sync) {
        Finished done;
        boolean any = false;
        while ((done = finished.poll()) != null) {
            PartitionOffsets partition = offsets.get(done.partition());
            if (partition != null) {
                partition.finished(done.offset());
                any = true;
            }
        }
        if (!any) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((partition, state) -> {
            long offset = state.commitable();
            if (offset >= 0) {
                commits.put(partition, new OffsetAndMetadata(offset));
                state.committed(offset);
            }
        });
        if (commits.isEmpty()) {
            return;
        }
        if (sync) {
            kafkaConsumer.commitSync(commits);
        } else {
            kafkaConsumer.commitAsync(commits, (result, failure) -> {
                if (failure != null) {
                    LOG.warnf("offset commit failed (a claimed job is not run twice): %s", failure.getMessage());
                }
            });
        }
    }

    /** On shutdown: let running jobs finish for a while, cancel the rest, and commit what is done. */
    private void drain(KafkaConsumer<String, byte[]> kafkaConsumer) {
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        boolean cancelled = false;
        while (inFlight.get() > 0) {
            if (!cancelled && System.nanoTime() > deadline) {
                running.all().forEach(run -> run.cancel("the worker is shutting down"));
                cancelled = true;
            } else if (cancelled && System.nanoTime() > deadline + Duration.ofSeconds(5).toNanos()) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            commitFinished(kafkaConsumer, true);
        } catch (RuntimeException e) {
            LOG.warnf("final offset commit failed: %s", e.getMessage());
        }
    }

    /** Commits what is done before partitions move, and pauses new ones while the worker is full. */
    private final class Rebalance implements ConsumerRebalanceListener {

        private final KafkaConsumer<String, byte[]> kafkaConsumer;

        Rebalance(KafkaConsumer<String, byte[]> kafkaConsumer) {
            this.kafkaConsumer = kafkaConsumer;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                revoked.incrementAndGet();
                LOG.infof("worker %s no longer owns %s", identity.id(), partitions);
            }
            try {
                commitFinished(kafkaConsumer, true);
            } catch (WakeupException e) {
                // A job finished meanwhile; its offset is committed by the next owner's progress or redelivered and skipped.
                LOG.debug("offset commit before a rebalance was interrupted");
            }
            partitions.forEach(offsets::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (paused) {
                kafkaConsumer.pause(partitions);
            }
            LOG.infof("worker %s now owns %s", identity.id(), partitions);
        }
    }
}
