package dev.switchboard.worker.core.jobs;

import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.Sampling;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.completion.CompletionError;
import dev.switchboard.contract.completion.CompletionStatus;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.messaging.JobState;
import dev.switchboard.worker.core.backend.InferenceBackend;
import dev.switchboard.worker.core.config.CloudRule;
import dev.switchboard.worker.core.config.WorkerIdentity;
import dev.switchboard.worker.core.publish.CompletionPublisher;
import dev.switchboard.worker.core.publish.EventPublisher;
import dev.switchboard.worker.core.publish.JobEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs one job from start to completion record: checks that it is still wanted, claims it,
 * streams the backend's answer as events, and publishes exactly one completion.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    /** While another worker's claim holds, how often to try again. */
    private static final Duration RECLAIM_EVERY = Duration.ofMillis(500);

    private final InferenceBackend backend;
    private final EventPublisher events;
    private final CompletionPublisher completions;
    private final RunningJobs running;
    private final WorkerIdentity identity;
    private final Claims claims;
    private final CloudRule cloud;
    private final Clock clock = Clock.systemUTC();

    public JobRunner(InferenceBackend backend, EventPublisher events, CompletionPublisher completions,
                     RunningJobs running, WorkerIdentity identity, Claims claims, CloudRule cloud) {
        this.backend = backend;
        this.events = events;
        this.completions = completions;
        this.running = running;
        this.identity = identity;
        this.claims = claims;
        this.cloud = cloud;
    }

    /**
     * Runs the job; the Uni completes once its completion record is in Kafka, or at once when the
     * job is not this worker's to run. It never fails: failures become error events and records.
     */
    public Uni<Void> run(GenerationJob job) {
        Instant now = clock.instant();
        if (job.deadline() != null && now.isAfter(job.deadline())) {
            LOG.infof("job %s dropped: its deadline passed %d ms ago", job.jobId(),
                    Duration.between(job.deadline(), now).toMillis());
            JobEvents jobEvents = events.open(job);
            jobEvents.error(ErrorType.TIMEOUT, "no worker started the job before its deadline");
            return publish(notRun(job, CompletionStatus.ERROR, ErrorType.TIMEOUT, "the deadline passed before a worker was free"));
        }
        if (!cloud.allows(job.model())) {
            LOG.warnf("job %s refused: %s is a cloud model and cloud models are off", job.jobId(), job.model());
            String refusal = cloud.refusal(job.model()).getMessage();
            events.open(job).error(ErrorType.PERMISSION_DENIED, refusal);
            return publish(notRun(job, CompletionStatus.ERROR, ErrorType.PERMISSION_DENIED, refusal));
        }
        return claims.claim(job.jobId())
                .chain(outcome -> claimed(job, outcome, clock.instant().plus(claims.lease()).plusSeconds(1)))
                .onFailure().recoverWithUni(failure -> {
                    LOG.errorf(failure, "job %s could not be run", job.jobId());
                    events.open(job).error(ErrorType.BACKEND_ERROR, "the worker could not run the job: " + failure.getMessage());
                    return publish(notRun(job, CompletionStatus.ERROR, ErrorType.BACKEND_ERROR, String.valueOf(failure.getMessage())));
                });
    }

    private Uni<Void> claimed(GenerationJob job, JobState.ClaimAttempt attempt, Instant waitUntil) {
        return switch (attempt) {
            case CANCELLED -> cancelledBeforeStart(job);
            case CLAIMED -> execute(job);
            case TAKEN -> heldElsewhere(job, waitUntil);
        };
    }

    /**
     * Another claim holds the job: it runs here only as {@link ClaimDecision} says, so that the
     * client of a worker that died before answering sees only latency, and nobody sees an answer twice.
     */
    private Uni<Void> heldElsewhere(GenerationJob job, Instant waitUntil) {
        return claims.look(job.jobId()).chain(look -> {
            String owner = look.seen().owner();
            ClaimDecision.Action action = ClaimDecision.decide(look.seen(), identity.id(), running.contains(job.jobId()),
                    look.ownerAlive(), clock.instant().isAfter(waitUntil));
            return switch (action) {
                case CLAIM -> claims.claim(job.jobId()).chain(attempt -> claimed(job, attempt, waitUntil));
                case TAKE_OVER -> takeOver(job, owner, waitUntil);
                case RECORD_CANCELLED -> cancelledBeforeStart(job);
                case WAIT -> Uni.createFrom().voidItem().onItem().delayIt().by(RECLAIM_EVERY)
                        .chain(() -> claims.claim(job.jobId()))
                        .chain(attempt -> claimed(job, attempt, waitUntil));
                case SKIP -> skip(job);
            };
        });
    }

    private Uni<Void> cancelledBeforeStart(GenerationJob job) {
        if (job.resumable()) {
            // Clients re-attached to it wait for its end: it ends here.
            events.open(job).error(ErrorType.CANCELLED, "cancelled before it started");
        }
        return publish(notRun(job, CompletionStatus.CANCELLED, ErrorType.CANCELLED, "cancelled before it started"));
    }

    private Uni<Void> takeOver(GenerationJob job, String owner, Instant waitUntil) {
        return claims.takeOver(job.jobId(), owner).chain(took -> {
            if (!took) {
                return heldElsewhere(job, waitUntil);
            }
            LOG.infof("job %s taken over from %s, which stopped before answering", job.jobId(), owner);
            return execute(job);
        });
    }

    private Uni<Void> skip(GenerationJob job) {
        LOG.infof("job %s skipped: another worker already took it", job.jobId());
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> execute(GenerationJob job) {
        JobRun run = new JobRun(job, identity.id(), events.open(job), clock);
        running.add(run);
        MDC.put("jobId", job.jobId());
        try {
            LOG.debugf("job %s started: model %s, conversation %s", job.jobId(), job.model(), job.conversationId());
            run.start();
            run.attach(backend.generate(withoutStopSequences(job)).subscribe().with(run::on, run::onFailure, run::onStreamEnd));
        } finally {
            MDC.remove("jobId");
        }
        return Uni.createFrom().completionStage(run.ended())
                .invoke(completion -> {
                    running.remove(run);
                    LOG.infof("job %s ended: %s, %d output tokens", job.jobId(), completion.status().wireName(),
                            completion.usage().outputTokens());
                })
                .call(() -> claims.finished(job.jobId()))
                .chain(completion -> job.resumable() ? claims.reattachments(job.jobId()).map(completion::withReattached)
                        .onFailure().recoverWithItem(completion) : Uni.createFrom().item(completion))
                .chain(this::publish);
    }

    /**
     * The worker applies stop sequences itself (see StopSequenceFilter): a backend that applied
     * them would stop without saying which one matched.
     */
    private static GenerationJob withoutStopSequences(GenerationJob job) {
        Sampling sampling = job.request().sampling();
        if (sampling.stopSequences().isEmpty()) {
            return job;
        }
        return job.withRequest(job.request().withSampling(new Sampling(sampling.maxTokens(), sampling.temperature(),
                sampling.topP(), sampling.topK(), List.of(), sampling.thinking())));
    }

    private Uni<Void> publish(Completion completion) {
        return Uni.createFrom().completionStage(() -> completions.publish(completion))
                .onFailure().invoke(failure -> LOG.errorf(failure, "completion of job %s not recorded", completion.jobId()))
                .onFailure().recoverWithNull();
    }

    private Completion notRun(GenerationJob job, CompletionStatus status, ErrorType type, String message) {
        Instant now = clock.instant();
        long queued = job.createdAt() == null ? 0 : Duration.between(job.createdAt(), now).toMillis();
        return Completion.ended(job, identity.id(), status, new CompletionError(type, message), Usage.ZERO,
                new Timings(queued, null, 0), now, List.of());
    }
}
