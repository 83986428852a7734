package dev.switchboard.metrics.usage.messaging;

import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.MalformedRecordException;
import dev.switchboard.messaging.consumer.BlockingRecordHandler;
import dev.switchboard.messaging.consumer.ConsumerThreadAwait;
import dev.switchboard.messaging.consumer.Outcome;
import dev.switchboard.messaging.consumer.StoreFailurePolicy;
import dev.switchboard.metrics.config.ConsumerConfig;
import dev.switchboard.metrics.usage.InvalidCompletionException;
import dev.switchboard.metrics.usage.UsageRecord;
import dev.switchboard.metrics.usage.repository.DatabaseProbe;
import dev.switchboard.metrics.usage.service.UsageRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Turns one record of {@code llm.completions} into a stored usage record, and decides what a
 * failure means: a record that is bad in itself goes to the dead-letter topic at once; one that
 * fails while the database is down waits for it, however long; one that fails while the database
 * answers is tried a few times, then dead-lettered. Runs on the consumer's own thread, which may block.
 */
@ApplicationScoped
public class CompletionHandler implements BlockingRecordHandler {

    private static final Logger LOG = Logger.getLogger(CompletionHandler.class);

    private final UsageRecorder recorder;
    private final DatabaseProbe probe;
    private final ConsumerConfig config;
    private final StoreFailurePolicy policy;
    private final Counter deadLettered;

    public CompletionHandler(UsageRecorder recorder, DatabaseProbe probe, ConsumerConfig config, MeterRegistry registry) {
        this.recorder = recorder;
        this.probe = probe;
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
            return new Outcome.DeadLetter(e.getMessage());
        }
        String job = "job " + usage.jobId() + " (conversation " + usage.conversationId() + ")";
        try {
            boolean inserted = ConsumerThreadAwait.await(() -> recorder.record(usage), config.storeTimeout());
            if (inserted) {
                LOG.debugf("usage of %s stored: model %s, status %s", job, usage.model(), usage.status());
            } else {
                LOG.infof("usage of %s was stored before; the record delivered again changes nothing", job);
            }
            return Outcome.DONE;
        } catch (Exception e) {
            return policy.outcome(e, attempt, this::databaseAnswers, job);
        }
    }

    private boolean databaseAnswers() {
        return probe.answers().await().indefinitely();
    }

    /** Counted once Kafka acknowledged the letter. */
    @Override
    public void deadLettered(ConsumerRecord<String, byte[]> record, String reason) {
        deadLettered.increment();
    }
}
