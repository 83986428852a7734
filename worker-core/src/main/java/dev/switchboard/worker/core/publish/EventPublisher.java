package dev.switchboard.worker.core.publish;

import dev.switchboard.contract.job.GenerationJob;
import jakarta.enterprise.context.ApplicationScoped;

/** Hands out the ordered event stream of a job, bound to the reply channel the job names. */
@ApplicationScoped
public class EventPublisher {

    private final EventPipe pipe;

    public EventPublisher(EventPipe pipe) {
        this.pipe = pipe;
    }

    public JobEvents open(GenerationJob job) {
        return new JobEvents(job.jobId(), job.replyChannel(), pipe);
    }
}
