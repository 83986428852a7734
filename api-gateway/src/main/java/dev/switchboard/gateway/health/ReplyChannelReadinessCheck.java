package dev.switchboard.gateway.health;

import dev.switchboard.gateway.pipeline.ReplyChannel;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The gateway can take requests only once it listens on its reply channel: otherwise answers would be lost. */
@Readiness
@ApplicationScoped
public class ReplyChannelReadinessCheck implements HealthCheck {

    private final ReplyChannel replies;

    public ReplyChannelReadinessCheck(ReplyChannel replies) {
        this.replies = replies;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("reply-channel")
                .status(replies.isSubscribed())
                .withData("channel", replies.name())
                .build();
    }
}
