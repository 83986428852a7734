package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.Topics;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.completion.CompletionError;
import dev.switchboard.contract.completion.CompletionStatus;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.messaging.KafkaSender;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Records the jobs no worker can record any more: their worker died in the middle of the answer.
 * The completion holds what the client received, so that the conversation and the usage keep it.
 */
@ApplicationScoped
public class CompletionRecorder {

    private static final Logger LOG = Logger.getLogger(CompletionRecorder.class);

    private final KafkaSender sender;

    public CompletionRecorder(KafkaSender sender) {
        this.sender = sender;
    }

    /** The answer the client got before the worker stopped; output tokens are the pieces relayed. */
    void interrupted(GenerationJob job, ReceivedAnswer received, String reason) {
        Instant now = Instant.now();
        Completion completion = Completion.ended(job, received.workerId(), CompletionStatus.INTERRUPTED,
                new CompletionError(ErrorType.INTERRUPTED, reason), new Usage(0, 0, received.pieces()),
                received.timingsUntil(now), now, received.blocks());
        sender.send(new ProducerRecord<>(Topics.COMPLETIONS, completion.kafkaKey(), Codec.COMPLETION.encode(completion)))
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        LOG.errorf("job %s: the interrupted completion was not recorded: %s", job.jobId(), failure.getMessage());
                    }
                });
    }
}
