package dev.switchboard.session.conversation.messaging;

import dev.switchboard.contract.Topics;
import dev.switchboard.messaging.DeadLetters;
import dev.switchboard.messaging.KafkaSender;
import dev.switchboard.messaging.consumer.ApplicationConsumer;
import dev.switchboard.messaging.consumer.Backoff;
import dev.switchboard.messaging.consumer.ConsumerThread;
import dev.switchboard.session.config.CompletionsConsumerConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Reads {@code llm.completions} one record at a time into conversations ({@link CompletionHandler})
 * with the shared consumer loop, which commits a record's offset only after its transaction
 * committed (or its dead letter was acknowledged): a record is never lost, and one delivered twice
 * changes nothing. While a record waits for the database, consumption pauses and the consumer stays
 * in its group; nothing here reports unhealthy because a record waits, the database's own readiness
 * check tells that the database is away.
 */
@Singleton
public class CompletionConsumer extends ApplicationConsumer {

    private static final Duration POLL = Duration.ofMillis(500);
    /** Few records a poll: each may be MBs, and each waits for its own transaction. */
    private static final int MAX_POLL_RECORDS = 20;

    public CompletionConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka,
                              CompletionsConsumerConfig config, CompletionHandler handler,
                              KafkaSender sender) {
        super(new ConsumerThread(
                new ConsumerThread.Settings("completions-consumer", Topics.COMPLETIONS,
                        ConsumerThread.properties(kafka, config.groupId(), MAX_POLL_RECORDS), 1,
                        new Backoff(config.retryInitialBackoff(), config.retryMaxBackoff()), POLL, config.attemptTimeout()),
                handler, new DeadLetters(sender, config.groupId()), () -> { }));
    }

    public ConsumerThread.State state() {
        return thread().state();
    }

    /** Since when the record in hand waits, or null when none does. */
    public Instant waitingSince() {
        return thread().blockedSince().orElse(null);
    }
}
