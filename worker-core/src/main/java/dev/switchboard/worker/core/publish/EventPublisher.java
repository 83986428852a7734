package dev.switchboard.worker.core.publish;

import dev.switchboard.contract.job.GenerationJob;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;

/** Hands out the ordered event stream of a job, bound to the reply channel the job names. */
@ApplicationScoped
public class EventPublisher {

    private final ReactiveRedisDataSource redis;

    public EventPublisher(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    public JobEvents open(GenerationJob job) {
        return new JobEvents(job.jobId(), new OrderedPublisher(redis, job.replyChannel()));
    }
}
