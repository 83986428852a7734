package dev.switchboard.session.conversation.messaging;

import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.MalformedRecordException;
import dev.switchboard.session.config.CompletionsConsumerConfig;
import dev.switchboard.session.conversation.service.TurnRecorder;
import dev.switchboard.session.conversation.transcript.InvalidCompletionException;
import dev.switchboard.session.conversation.transcript.Turn;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns one {@code llm.completions} record into stored messages, or into a dead letter when the
 * record itself is at fault. Runs on the consumer's thread, never on an event loop: it decodes
 * records of several MB and waits for the database.
 */
@ApplicationScoped
public class CompletionHandler {

    private static final Logger LOG = Logger.getLogger(CompletionHandler.class);
    /** How long Kafka may take to acknowledge a dead letter before it is sent again. */
    private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(30);

    private final TurnRecorder recorder;
    private final DeadLetters deadLetters;
    private final CompletionsConsumerConfig config;
    private final RecordRetry retry;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Counter waitsForDatabase;
    private final Counter retriesOfRecord;

    public CompletionHandler(TurnRecorder recorder, DeadLetters deadLetters, CompletionsConsumerConfig config,
                             MeterRegistry registry) {
        this.recorder = recorder;
        this.deadLetters = deadLetters;
        this.config = config;
        this.retry = new RecordRetry(config.retryInitialBackoff(), config.retryMaxBackoff(), config.recordAttempts(),
                DatabaseFailures::databaseUnavailable);
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

    /**
     * @return true when the record is done with (stored, already stored, or dead-lettered), false
     * when the consumer let it go before that; it is then delivered again
     */
    public boolean handle(ConsumerRecord<String, byte[]> record, RecordRetry.Waiter waiter) {
        Turn turn;
        try {
            turn = Turn.of(Codec.COMPLETION.decode(record.value()), Instant.now());
        } catch (MalformedRecordException | InvalidCompletionException e) {
            return deadLetter(record, e.getMessage(), waiter);
        } catch (RuntimeException e) {
            return deadLetter(record, "cannot be read as a turn: " + e, waiter);
        }
        RecordRetry.Outcome<TurnRecorder.Recorded> outcome = retry.run(() -> store(turn), new ObservedWaiter(turn, waiter));
        return switch (outcome) {
            case RecordRetry.Outcome.Stored<TurnRecorder.Recorded> done -> {
                logStored(turn, done.value());
                yield true;
            }
            case RecordRetry.Outcome.Failed<TurnRecorder.Recorded> failed -> {
                LOG.errorf(failed.failure(), "job %s: conversation %s: could not be stored after %d tries; to the dead-letter topic",
                        turn.jobId(), turn.conversationId(), failed.attempts());
                yield deadLetter(record, "job " + turn.jobId() + " could not be stored after " + failed.attempts()
                        + " tries: " + rootMessage(failed.failure()), waiter);
            }
            case RecordRetry.Outcome.LetGo<TurnRecorder.Recorded> ignored -> false;
        };
    }

    /** Counts and logs each wait, with the job and conversation it is for. */
    private final class ObservedWaiter implements RecordRetry.Waiter {

        private final Turn turn;
        private final RecordRetry.Waiter waiter;
        private int waits;

        ObservedWaiter(Turn turn, RecordRetry.Waiter waiter) {
            this.turn = turn;
            this.waiter = waiter;
        }

        @Override
        public boolean await(Duration delay, Exception failure, boolean transientFailure) {
            waits++;
            if (transientFailure) {
                waitsForDatabase.increment();
                // Once, then every tenth try: an outage of hours must not flood the log.
                if (waits == 1 || waits % 10 == 0) {
                    LOG.warnf("job %s: conversation %s: the database is unavailable (try %d, next in %d ms): %s",
                            turn.jobId(), turn.conversationId(), waits, delay.toMillis(), rootMessage(failure));
                }
            } else {
                retriesOfRecord.increment();
                LOG.warnf(failure, "job %s: conversation %s: could not be stored (try %d), trying again in %d ms",
                        turn.jobId(), turn.conversationId(), waits, delay.toMillis());
            }
            return waiter.await(delay, failure, transientFailure);
        }
    }

    private TurnRecorder.Recorded store(Turn turn) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> recorder.record(turn)
                    .ifNoItem().after(config.attemptTimeout()).fail());
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
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

    /** Sends the record to the dead-letter topic, trying again for as long as Kafka refuses it. */
    private boolean deadLetter(ConsumerRecord<String, byte[]> record, String reason, RecordRetry.Waiter waiter) {
        LOG.errorf("record %s-%d@%d (key %s) goes to the dead-letter topic: %s", record.topic(), record.partition(),
                record.offset(), record.key(), reason);
        Duration backoff = config.retryInitialBackoff();
        while (true) {
            try {
                deadLetters.send(record.topic(), record.key(), record.value(), reason).toCompletableFuture()
                        .get(DEAD_LETTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                deadLettered.increment();
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("record %s-%d@%d: Kafka did not take the dead letter, trying again in %d ms: %s", record.topic(),
                        record.partition(), record.offset(), backoff.toMillis(), rootMessage(e));
                if (!waiter.await(backoff, e, true)) {
                    return false;
                }
                backoff = backoff.multipliedBy(2).compareTo(config.retryMaxBackoff()) > 0
                        ? config.retryMaxBackoff() : backoff.multipliedBy(2);
            }
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
