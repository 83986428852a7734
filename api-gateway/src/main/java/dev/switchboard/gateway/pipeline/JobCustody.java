package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.MalformedRecordException;
import dev.switchboard.messaging.JobState;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;

/**
 * The custody ({@link Custody}) of running resumable generations: the gateway that started one
 * watches over it until it ends, or, once that gateway is gone, another one does. Watching over
 * means hearing that the generation's worker died in the middle of the answer, and then ending its
 * events with the error and recording it interrupted, which the worker can no longer do and which
 * must happen even when no client is attached anywhere. The job as published is kept beside its
 * custodian, for the gateway that takes it over.
 *
 * <p>Invariant: only a job's custodian of the moment records it interrupted, so it is recorded once.
 */
@ApplicationScoped
public class JobCustody implements Custody.Ward {

    private static final Logger LOG = Logger.getLogger(JobCustody.class);
    /** Longer than any generation runs; the job is deleted when its custodian lets it go. */
    private static final Duration JOB_TTL = Duration.ofHours(6);

    private final Custody custody;
    private final JobState state;
    private final Replays replays;
    private final CompletionRecorder recorder;

    public JobCustody(Custody custody, ReactiveRedisDataSource redis, Replays replays, CompletionRecorder recorder) {
        this.custody = custody;
        this.state = new JobState(redis);
        this.replays = replays;
        this.recorder = recorder;
    }

    void start(@Observes StartupEvent event) {
        custody.watch(this);
    }

    @Override
    public String custodians() {
        return RedisKeys.resumableCustodians();
    }

    @Override
    public String kept(String jobId) {
        return RedisKeys.resumableJob(jobId);
    }

    @Override
    public boolean keptOnlyInCustody() {
        return true;
    }

    /** This gateway watches over the job it is about to publish. */
    Uni<Void> hold(GenerationJob job) {
        return custody.hold(this, job.jobId(), Codec.JOB.encodeToString(job), JOB_TTL).replaceWithVoid();
    }

    /** The job ended (or this gateway recorded its end): nobody needs to watch over it any more. */
    void letGo(String jobId) {
        custody.letGo(this, jobId);
    }

    @Override
    public void takenOver(String jobId, String from, Response job) {
        GenerationJob published;
        try {
            published = Codec.JOB.decode(job.toBytes());
        } catch (MalformedRecordException e) {
            LOG.warnf("job %s: its kept copy is not a job, so nobody can record its end: %s", jobId, e.getMessage());
            letGo(jobId);
            return;
        }
        if (from != null) {
            LOG.warnf("job %s: its gateway %s is gone; this gateway watches over the generation now", jobId, from);
        }
        replays.watchOver(jobId, new Follower.Duty() {
            @Override
            public void interrupted(StreamEvent.Error error, List<StreamEvent> events) {
                recordInterrupted(published, error, events);
            }

            @Override
            public void over(boolean ended) {
                if (ended) {
                    letGo(jobId);
                } else {
                    // Not followed any more, the job maybe still running: taken up again at the next check.
                    custody.lapse(JobCustody.this, jobId);
                }
            }
        });
    }

    /** What the job's starting gateway would have done had its client seen the worker die. */
    private void recordInterrupted(GenerationJob job, StreamEvent.Error error, List<StreamEvent> events) {
        ReceivedAnswer received = new ReceivedAnswer();
        events.forEach(received::add);
        LOG.warnf("job %s interrupted: %s", job.jobId(), error.message());
        state.appendEvent(job.jobId(), Codec.EVENT.encodeToString(error)).subscribe().with(ignored -> { },
                failure -> LOG.warnf("job %s: its end was not kept for re-attaching clients: %s", job.jobId(), failure.getMessage()));
        recorder.interrupted(job, received, error.message());
    }
}
