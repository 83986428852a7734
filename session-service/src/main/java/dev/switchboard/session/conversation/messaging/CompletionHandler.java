package dev.switchboard.session.conversation.messaging;

import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.MalformedRecordException;
import dev.switchboard.messaging.consumer.BlockingRecordHandler;
import dev.switchboard.messaging.consumer.ConsumerThreadAwait;
import dev.switchboard.messaging.consumer.Outcome;
import dev.switchboard.messaging.consumer.StoreFailurePolicy;
import dev.switchboard.session.config.CompletionsConsumerConfig;
import dev.switchboard.session.conversation.service.TurnRecorder;
import dev.switchboard.session.conversation.transcript.InvalidCompletionException;
import dev.switchboard.session.conversation.transcript.Turn;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Turns one {@code llm.completions} record into stored messages, or into a dead letter when the
 * record itself is at fault: one that cannot be read at once, one the database refuses after the
 * configured tries. A database that is away is waited for, however long. Runs on the consumer's
 * thread, never on an event loop: it decodes records of several MB and waits for the database.
 */
@ApplicationScoped
public class CompletionHandler implements BlockingRecordHandler {

    private static final Logger LOG = Logger.getLogger(CompletionHandler.class);

    private final TurnRecorder recorder;
    private final CompletionsConsumerConfig config;
    private final StoreFailurePolicy policy;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Counter waitsForDatabase;
    private final Counter retriesOfRecord;

    public CompletionHandler(TurnRecorder recorder, CompletionsConsumerConfig config, MeterRegistry registry) {
        this.recorder = recorder;
        this.config = config;
        this.policy = new StoreFailurePolicy(config.recordAttempts());
        this.stored = outcomes(registry, "stored");
        this.duplicates = outcomes(registry, "duplicate");
        this.deadLettered = outcomes(registry, "dead_lettered");
        this.waitsForDatabase = retries(registry, "database_unavailable");
        this.retriesOfRecord = retries(registry, "record_failed");
    }

    private static Counter retries(MeterRegistry registry, String cause) {
        return Counter.builder("switchboard.session.completions.retries")
                .description("tries at storing a record that failed and were followed by another, by cause")
                .tag("cause", cause)
                .register(registry);
    }

    private static Counter outcomes(MeterRegistry registry, String outcome) {
        return Counter.builder("switchboard.session.completions")
                .description("llm.completions records handled, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void deadLettered(ConsumerRecord<String, byte[]> record, String reason) {
        deadLettered.increment();
    }

    @Override
    public Outcome process(ConsumerRecord<String, byte[]> record, int attempt) {
        Turn turn;
        try {
            turn = Turn.of(Codec.COMPLETION.decode(record.value()), Instant.now());
        } catch (MalformedRecordException | InvalidCompletionException e) {
            return new Outcome.DeadLetter(e.getMessage());
        } catch (RuntimeException e) {
            return new Outcome.DeadLetter("cannot be read as a turn: " + e);
        }
        try {
            logStored(turn, ConsumerThreadAwait.await(() -> recorder.record(turn), config.attemptTimeout()));
            return Outcome.DONE;
        } catch (Exception e) {
            // The session service has no probe of its own: a failure that does not tell an outage
            // by itself counts against the record, as the database answered the statement.
            Outcome outcome = policy.outcome(e, attempt, () -> true,
                    "job " + turn.jobId() + " (conversation " + turn.conversationId() + ")");
            if (outcome instanceof Outcome.Retry retry) {
                (retry.outage() ? waitsForDatabase : retriesOfRecord).increment();
            }
            return outcome;
        }
    }

    private void logStored(Turn turn, TurnRecorder.Recorded recorded) {
        if (recorded.duplicate()) {
            duplicates.increment();
            LOG.debugf("job %s: conversation %s: already stored", turn.jobId(), turn.conversationId());
            return;
        }
        stored.increment();
        if (recorded.superseded() > 0) {
            LOG.infof("job %s: conversation %s: the client's history diverged; %d stored messages superseded, %d appended",
                    turn.jobId(), turn.conversationId(), recorded.superseded(), recorded.appended());
        } else if (recorded.appended() == 0) {
            LOG.infof("job %s: conversation %s: nothing new to append (%s)", turn.jobId(), turn.conversationId(),
                    turn.outcome().stopReason());
        } else {
            LOG.infof("job %s: conversation %s: %d messages appended (%s)", turn.jobId(), turn.conversationId(),
                    recorded.appended(), turn.outcome().stopReason());
        }
    }
}
