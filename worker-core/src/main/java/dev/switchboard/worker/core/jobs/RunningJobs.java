package dev.switchboard.worker.core.jobs;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The jobs this worker runs now, by job id. */
@ApplicationScoped
public class RunningJobs {

    private final Map<String, JobRun> runs = new ConcurrentHashMap<>();

    void add(JobRun run) {
        runs.put(run.job().jobId(), run);
    }

    void remove(JobRun run) {
        runs.remove(run.job().jobId(), run);
    }

    public boolean contains(String jobId) {
        return runs.containsKey(jobId);
    }

    public int count() {
        return runs.size();
    }

    /** Cancels a running job; returns false when this worker does not run it. */
    public boolean cancel(String jobId, String reason) {
        JobRun run = runs.get(jobId);
        if (run == null) {
            return false;
        }
        run.cancel(reason);
        return true;
    }

    Collection<JobRun> all() {
        return List.copyOf(runs.values());
    }
}
