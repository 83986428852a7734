package dev.switchboard.messaging.consumer;

import dev.switchboard.messaging.DeadLetters;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.FETCH_MAX_BYTES_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_RECORDS_CONFIG;
import static org.apache.kafka.clients.consumer.ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG;

/**
 * Runs a {@link ConsumerLoop} over a plain Kafka consumer on a thread of its own, which may block
 * while a record is handled. Should the consumer itself fail, it is replaced after the backoff's
 * longest wait. The thread is a daemon: a consumer stuck past the stop wait must not keep the JVM
 * alive, and whatever it had not committed is delivered again and changes nothing.
 */
public final class ConsumerThread {

    private static final Logger LOG = Logger.getLogger(ConsumerThread.class);
    /** Records carry whole conversations: several MB is normal. */
    private static final int MAX_FETCH_BYTES = 64 * 1024 * 1024;
    /** How much longer than the stop grace {@link #stop()} waits for the thread. */
    private static final Duration STOP_MARGIN = Duration.ofSeconds(10);

    /** What the consumer does now, for health checks. */
    public enum State {
        STARTING, CONSUMING, WAITING, STOPPED, FAILED
    }

    /**
     * @param threadName  names the thread in logs and thread dumps
     * @param properties  the Kafka consumer's, see {@link #properties}
     * @param maxInFlight records handled at once; 1 handles them one after the other
     * @param backoff     waits between tries of a record; its longest also before a failed consumer is replaced
     * @param stopGrace   how long stopping waits for the records in flight, after which they are cancelled
     */
    public record Settings(String threadName, String topic, Map<String, Object> properties, int maxInFlight,
                           Backoff backoff, Duration pollTimeout, Duration stopGrace) {
    }

    private final Settings settings;
    private final RecordHandler handler;
    private final DeadLetters deadLetters;
    private final Runnable cancelInFlight;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile ConsumerLoop loop;
    private volatile boolean stopping;
    private volatile boolean failed;
    /** Revocations seen by the consumers that were replaced. */
    private volatile int revocationsBefore;
    private Thread thread;

    /** @param cancelInFlight asks the records still in flight after the stop grace to end */
    public ConsumerThread(Settings settings, RecordHandler handler, DeadLetters deadLetters, Runnable cancelInFlight) {
        this.settings = settings;
        this.handler = handler;
        this.deadLetters = deadLetters;
        this.cancelInFlight = cancelInFlight;
    }

    /**
     * A consumer's properties: the shared Kafka settings, this group, records as strings keyed
     * bytes, no automatic commit (the loop commits), a new group starting at the earliest record
     * (what was published before it first joined counts too), and fetches of records of several MB.
     */
    public static Map<String, Object> properties(Map<String, Object> kafka, String groupId, int maxPollRecords) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(GROUP_ID_CONFIG, groupId);
        props.put(KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        props.put(MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_FETCH_BYTES);
        props.put(FETCH_MAX_BYTES_CONFIG, MAX_FETCH_BYTES);
        return props;
    }

    public void start() {
        thread = Thread.ofPlatform().name(settings.threadName()).daemon().start(this::consume);
    }

    /** Stops after the record at hand, lets records in flight end within the stop grace, and commits. */
    public void stop() throws InterruptedException {
        stopping = true;
        stopped.countDown();
        ConsumerLoop current = loop;
        if (current != null) {
            current.stop();
        }
        if (thread != null) {
            thread.join(settings.stopGrace().plus(STOP_MARGIN).toMillis());
        }
    }

    /** True while the consumer thread runs. */
    public boolean running() {
        return thread != null && thread.isAlive() && !stopping;
    }

    public State state() {
        ConsumerLoop current = loop;
        if (stopping || (thread != null && !thread.isAlive())) {
            return State.STOPPED;
        }
        if (failed) {
            return State.FAILED;
        }
        if (current == null) {
            return State.STARTING;
        }
        return current.blockedSince().isPresent() ? State.WAITING : State.CONSUMING;
    }

    /** Since when consumption has been paused because a record waits to be tried again. */
    public Optional<Instant> blockedSince() {
        ConsumerLoop current = loop;
        return current == null ? Optional.empty() : current.blockedSince();
    }

    /** How often the record that holds consumption up has failed so far; 0 when none does. */
    public int failedTries() {
        ConsumerLoop current = loop;
        return current == null ? 0 : current.failedTries();
    }

    /** Records taken and not yet done with. */
    public int inFlight() {
        ConsumerLoop current = loop;
        return current == null ? 0 : current.inFlight();
    }

    /** How many times a rebalance took partitions from this consumer since it started. */
    public int revocations() {
        ConsumerLoop current = loop;
        return revocationsBefore + (current == null ? 0 : current.revocations());
    }

    private void consume() {
        while (!stopping) {
            ConsumerLoop current = null;
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.properties())) {
                current = new ConsumerLoop(consumer, handler, deadLetters, settings.maxInFlight(), settings.backoff(),
                        InstantSource.system(), settings.pollTimeout());
                loop = current;
                if (stopping) {
                    return;
                }
                current.subscribe(settings.topic());
                failed = false;
                LOG.infof("consuming %s as group %s", settings.topic(), settings.properties().get(GROUP_ID_CONFIG));
                current.run();
                current.drain(settings.stopGrace(), cancelInFlight);
            } catch (RuntimeException e) {
                failed = true;
                LOG.errorf(e, "the consumer of %s failed; a new one starts in %s", settings.topic(), settings.backoff().max());
                awaitStop(settings.backoff().max());
            } finally {
                if (current != null) {
                    revocationsBefore += current.revocations();
                }
                loop = null;
            }
        }
    }

    private void awaitStop(Duration wait) {
        try {
            stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
