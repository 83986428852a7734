package dev.switchboard.metrics.usage.messaging;

import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.MalformedRecordException;
import dev.switchboard.metrics.config.ConsumerConfig;
import dev.switchboard.metrics.usage.InvalidCompletionException;
import dev.switchboard.metrics.usage.UsageRecord;
import dev.switchboard.metrics.usage.repository.DatabaseProbe;
import dev.switchboard.metrics.usage.service.UsageRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns one record of {@code llm.completions} into a stored usage record, and decides what a
 * failure means: a record that is bad in itself goes to the dead-letter topic at once; one that
 * fails while the database is down waits for it, however long; one that fails while the database
 * answers is tried a few times, then dead-lettered.
 */
@ApplicationScoped
public class CompletionHandler implements RecordProcessor {

    private static final Logger LOG = Logger.getLogger(CompletionHandler.class);

    private final UsageRecorder recorder;
    private final DatabaseProbe probe;
    private final DeadLetters deadLetters;
    private final ConsumerConfig config;
    private final StoreFailurePolicy policy;
    private final Counter deadLettered;

    public CompletionHandler(UsageRecorder recorder, DatabaseProbe probe, DeadLetters deadLetters, ConsumerConfig config,
                             MeterRegistry registry) {
        this.recorder = recorder;
        this.probe = probe;
        this.deadLetters = deadLetters;
        this.config = config;
        this.policy = new StoreFailurePolicy(config.maxAttempts());
        this.deadLettered = Counter.builder("switchboard.completions.dead_lettered")
                .description("Records of llm.completions sent to the dead-letter topic")
                .register(registry);
    }

    @Override
    public Outcome process(ConsumerRecord<String, byte[]> record, int attempt) {
        UsageRecord usage;
        try {
            usage = UsageRecord.of(Codec.COMPLETION.decode(record.value()));
        } catch (MalformedRecordException | InvalidCompletionException e) {
            return deadLetter(record, e.getMessage());
        }
        String job = "job " + usage.jobId() + " (conversation " + usage.conversationId() + ")";
        try {
            boolean inserted = store(usage);
            if (inserted) {
                LOG.debugf("usage of %s stored: model %s, status %s", job, usage.model(), usage.status());
            } else {
                LOG.infof("usage of %s was stored before; the record delivered again changes nothing", job);
            }
            return new Outcome.Stored();
        } catch (Exception e) {
            String reason = job + ": " + describe(e);
            return switch (policy.decide(e, attempt, this::databaseAnswers)) {
                case WAIT_FOR_DATABASE -> new Outcome.Retry("database unavailable, " + reason, true);
                case TRY_AGAIN -> new Outcome.Retry(reason, false);
                case DEAD_LETTER -> deadLetter(record, "not stored after " + attempt + " tries: " + reason);
            };
        }
    }

    /**
     * Hibernate Reactive runs on a Vert.x context; this runs on the consumer's own thread, which
     * may block, so it waits there for the transaction to commit.
     */
    private boolean store(UsageRecord usage) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> recorder.record(usage)
                    .ifNoItem().after(config.storeTimeout()).fail());
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private boolean databaseAnswers() {
        return probe.answers().await().indefinitely();
    }

    private Outcome deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        try {
            deadLetters.send(record.topic(), record.key(), record.value(), reason)
                    .toCompletableFuture().get(config.storeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new Outcome.Retry("the dead-letter topic cannot be written: " + describe(e), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Retry("interrupted while writing to the dead-letter topic", true);
        }
        deadLettered.increment();
        LOG.errorf("record %s-%d@%d (key %s) went to the dead-letter topic: %s",
                record.topic(), record.partition(), record.offset(), record.key(), reason);
        return new Outcome.DeadLettered();
    }

    /** The innermost cause says what went wrong; the wrappers around it say little. */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return root.getClass().getSimpleName() + message;
    }
}
