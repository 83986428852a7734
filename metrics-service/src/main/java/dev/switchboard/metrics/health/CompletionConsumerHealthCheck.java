package dev.switchboard.metrics.health;

import dev.switchboard.metrics.usage.messaging.CompletionConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while the completion consumer's thread runs. A consumer paused because the database is
 * down stays live (restarting would not bring the database back); it says since when it waits.
 */
@Liveness
@ApplicationScoped
public class CompletionConsumerHealthCheck implements HealthCheck {

    private final CompletionConsumer consumer;

    public CompletionConsumerHealthCheck(CompletionConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("llm.completions consumer")
                .status(consumer.running());
        consumer.blockedSince().ifPresent(since -> response
                .withData("paused_since", since.toString())
                .withData("failed_tries", consumer.failedTries()));
        return response.build();
    }
}
