package dev.switchboard.metrics.usage.messaging;

import dev.switchboard.contract.Topics;
import dev.switchboard.messaging.DeadLetters;
import dev.switchboard.messaging.KafkaSender;
import dev.switchboard.messaging.consumer.ApplicationConsumer;
import dev.switchboard.messaging.consumer.Backoff;
import dev.switchboard.messaging.consumer.ConsumerThread;
import dev.switchboard.metrics.config.ConsumerConfig;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Takes completion records from {@code llm.completions} one after the other and stores their usage
 * ({@link CompletionHandler}), with the shared consumer loop: an offset is committed once the usage
 * before it is stored or dead-lettered, and while the database is down consumption pauses, however
 * long. Session and metrics services both read the topic and share its dead-letter topic; each
 * letter names this service's consumer group, the one to replay it to.
 */
@Singleton
public class CompletionConsumer extends ApplicationConsumer {

    private static final Duration POLL = Duration.ofMillis(500);

    public CompletionConsumer(@Identifier("default-kafka-broker") Map<String, Object> kafka, ConsumerConfig config,
                              CompletionHandler handler,
                              KafkaSender sender) {
        super(new ConsumerThread(
                new ConsumerThread.Settings("completion-consumer", Topics.COMPLETIONS,
                        ConsumerThread.properties(kafka, config.groupId(), config.maxPollRecords()), 1,
                        new Backoff(config.retryInitial(), config.retryMax()), POLL, config.storeTimeout()),
                handler, new DeadLetters(sender, config.groupId()), () -> { }));
    }

    /** True while the consumer thread runs. */
    public boolean running() {
        return thread().running();
    }

    /** Since when consumption has been paused because a record cannot be stored yet. */
    public Optional<Instant> blockedSince() {
        return thread().blockedSince();
    }

    /** How often the record that holds consumption up has failed so far; 0 when none does. */
    public int failedTries() {
        return thread().failedTries();
    }
}
