package dev.switchboard.session.health;

import dev.switchboard.messaging.consumer.ConsumerThread;
import dev.switchboard.session.conversation.messaging.CompletionConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

import java.time.Instant;

/**
 * Down only when the consumer of {@code llm.completions} died, which a restart cures. A record
 * waiting for the database is not a fault of this service: the consumer is up and says since when.
 */
@Liveness
@ApplicationScoped
public class CompletionsConsumerHealthCheck implements HealthCheck {

    private final CompletionConsumer consumer;

    public CompletionsConsumerHealthCheck(CompletionConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        ConsumerThread.State state = consumer.state();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("llm.completions consumer")
                .status(state != ConsumerThread.State.FAILED)
                .withData("state", state.name().toLowerCase());
        Instant waitingSince = consumer.waitingSince();
        if (waitingSince != null) {
            response.withData("waiting since", waitingSince.toString());
        }
        return response.build();
    }
}
