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
import dev.switchboard.messaging.consumer.Backoff;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Records the jobs no worker can record any more: their worker died in the middle of the answer.
 * The completion holds what the client received, so that the conversation and the usage keep it.
 */
@ApplicationScoped
public class CompletionRecorder {

    private static final Logger LOG = Logger.getLogger(CompletionRecorder.class);

    /** As long as Kafka's own default delivery timeout, which the gateway's producer shortens for jobs. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(15));

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
        send(job.jobId(), new ProducerRecord<>(Topics.COMPLETIONS, completion.kafkaKey(), Codec.COMPLETION.encode(completion)),
                Instant.now().plus(PATIENCE), BACKOFF, 1);
    }

    /**
     * Sends until Kafka takes it or {@link #PATIENCE} has passed: the gateway's producer gives up
     * within seconds (so that a request is refused quickly while Kafka is away), but a record must
     * outlast an outage. Consumers file a completion once by its job id, so a resend is harmless.
     */
    void send(String jobId, ProducerRecord<String, byte[]> record, Instant giveUp, Backoff backoff, int attempt) {
        sender.send(record).whenComplete((ignored, failure) -> {
            if (failure == null) {
                return;
            }
            Duration wait = backoff.after(attempt);
            if (Instant.now().plus(wait).isAfter(giveUp)) {
                LOG.errorf("job %s: the interrupted completion was not recorded: %s", jobId, failure.getMessage());
                return;
            }
            LOG.warnf("job %s: Kafka did not take the interrupted completion (%s); trying again in %d ms", jobId,
                    failure.getMessage(), wait.toMillis());
            CompletableFuture.runAsync(() -> send(jobId, record, giveUp, backoff, attempt + 1),
                    CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS));
        });
    }
}
