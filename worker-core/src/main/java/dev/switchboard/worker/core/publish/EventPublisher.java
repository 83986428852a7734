package dev.switchboard.worker.core.publish;

import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.messaging.JobState;
import dev.switchboard.worker.core.config.ReplayConfig;
import dev.switchboard.worker.core.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Hands out the ordered event stream of a job, bound to the reply channel the job names, and for a
 * resumable job to its events stream too.
 */
@ApplicationScoped
public class EventPublisher {

    private final EventPipe pipe;
    private final ReplayConfig replay;
    private final WorkerConfig worker;

    public EventPublisher(EventPipe pipe, ReplayConfig replay, WorkerConfig worker) {
        this.pipe = pipe;
        this.replay = replay;
        this.worker = worker;
    }

    public JobEvents open(GenerationJob job) {
        return new JobEvents(job.jobId(), job.replyChannel(), pipe, job.resumable() ? replayOf(job) : null);
    }

    private JobEvents.Replay replayOf(GenerationJob job) {
        return new JobEvents.Replay(JobState.eventsCap(job.request().sampling().maxTokens()), replay.retention().plus(worker.statusTtl()), replay.retention());
    }
}
