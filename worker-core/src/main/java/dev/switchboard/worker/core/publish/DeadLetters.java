package dev.switchboard.worker.core.publish;

import dev.switchboard.contract.MessagingChannels;
import dev.switchboard.messaging.AckedSend;
import dev.switchboard.messaging.DeadLetter;
import dev.switchboard.worker.core.config.WorkerConfig;
import dev.switchboard.worker.core.jobs.JobConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.util.concurrent.CompletionStage;

/** Keeps records that cannot be processed, with the reason, in the {@code .dlq} twin of their topic. */
@ApplicationScoped
public class DeadLetters {

    private final Emitter<byte[]> emitter;
    private final String consumerGroup;

    public DeadLetters(@Channel(MessagingChannels.DEAD_LETTERS_OUT) Emitter<byte[]> emitter, WorkerConfig config) {
        this.emitter = emitter;
        this.consumerGroup = JobConsumer.groupOf(config.pool());
    }

    public CompletionStage<Void> send(String topic, String key, byte[] value, String reason) {
        return AckedSend.send(emitter, value == null ? new byte[0] : value, DeadLetter.metadata(topic, key, reason, consumerGroup));
    }
}
