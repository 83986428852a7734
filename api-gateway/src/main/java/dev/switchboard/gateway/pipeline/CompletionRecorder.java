package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.MessagingChannels;
import dev.switchboard.contract.Topics;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.completion.CompletionError;
import dev.switchboard.contract.completion.CompletionStatus;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.messaging.AckedSend;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Records the jobs no worker can record any more: their worker died in the middle of the answer.
 * The completion holds what the client received, so that the conversation and the usage keep it.
 */
@ApplicationScoped
public class CompletionRecorder {

    private static final Logger LOG = Logger.getLogger(CompletionRecorder.class);

    private final Emitter<byte[]> emitter;

    public CompletionRecorder(@Channel(MessagingChannels.COMPLETIONS_OUT) Emitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    /** The answer the client got before the worker stopped; output tokens are the pieces relayed. */
    void interrupted(GenerationJob job, ReceivedAnswer received, String reason) {
        Instant now = Instant.now();
        Completion completion = Completion.ended(job, received.workerId(), CompletionStatus.INTERRUPTED,
                new CompletionError(ErrorType.INTERRUPTED, reason), new Usage(0, 0, received.pieces()),
                received.timingsUntil(now), now, received.blocks());
        AckedSend.send(emitter, Codec.COMPLETION.encode(completion), OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(Topics.COMPLETIONS).withKey(completion.kafkaKey()).build())
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        LOG.errorf("job %s: the interrupted completion was not recorded: %s", job.jobId(), failure.getMessage());
                    }
                });
    }
}
