package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.MalformedRecordException;
import dev.switchboard.gateway.config.GatewayConfig;
import dev.switchboard.gateway.config.ReplayConfig;
import dev.switchboard.gateway.errors.GatewayError;
import dev.switchboard.messaging.JobState;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Re-attaching to a resumable generation, through any gateway: its events from the first, read
 * from its events stream, then live until its end. Every client of this gateway attached to the
 * same generation shares one {@link Follower}, which holds one Redis connection while it waits for
 * events; each client counts as attached while it listens.
 */
@ApplicationScoped
public class Replays {

    /**
     * A resumable generation of a conversation, as a list shows it.
     *
     * @param state {@code queued} (no worker started it yet), {@code running}, {@code done},
     *              {@code cancelled} or {@code failed}
     */
    public record Kept(String id, String state, Instant startedAt) {
    }

    /** A generation re-attached to: how to render it, and its events from the first. */
    public record Replay(GenerationInfo info, Multi<StreamEvent> events) {
    }

    private final Redis blocking;
    private final JobState state;
    private final Attachments attachments;
    private final WorkerWatch workers;
    private final Map<String, Follower> followers = new ConcurrentHashMap<>();
    private final Duration retention;

    public Replays(@RedisClientName("replay") Redis blocking, ReactiveRedisDataSource redis, Attachments attachments,
                   WorkerWatch workers, ReplayConfig replay, GatewayConfig gateway) {
        // The count lives at least as long as the generation may: queued, running, then kept.
        this.retention = gateway.queueWait().plus(replay.retention()).plus(Duration.ofHours(1));
        this.blocking = blocking;
        this.state = new JobState(redis);
        this.attachments = attachments;
        this.workers = workers;
    }

    /** The conversation's resumable generations still running or kept, oldest first. */
    public Uni<List<Kept>> ofConversation(String conversationId) {
        return state.ofConversation(conversationId).map(found -> found.stream()
                .map(kept -> new Kept(kept.jobId(), stateOf(kept.last()), GenerationInfo.fromJson(kept.meta()).createdAt()))
                .toList());
    }

    private static String stateOf(JobState.Entry last) {
        if (!last.field().equals(JobState.Entry.EVENT)) {
            return "queued";
        }
        try {
            return switch (Codec.EVENT.decode(last.value())) {
                case StreamEvent.Done ignored -> "done";
                case StreamEvent.Error error -> error.errorType() == ErrorType.CANCELLED ? "cancelled" : "failed";
                default -> "running";
            };
        } catch (MalformedRecordException e) {
            return "running";
        }
    }

    /**
     * The generation's events from its first, then live until its end; fails with not found when
     * no events of it are kept (unknown, not resumable, or expired). When the oldest events were
     * trimmed, the replay is one error event: it never has a silent gap.
     */
    public Uni<Replay> attach(String jobId) {
        return state.firstEntry(jobId).map(first -> {
            if (first == null) {
                throw GatewayError.notFound("no generation '" + jobId + "' is kept here: it is unknown, was not "
                        + "resumable, or ended longer ago than events are kept");
            }
            if (!first.field().equals(JobState.Entry.META)) {
                return new Replay(new GenerationInfo("", 0, null, null), Multi.createFrom().item(new StreamEvent.Error(jobId,
                        0, ErrorType.INVALID_REQUEST, "the start of generation '" + jobId + "' is no longer kept; it cannot be replayed")));
            }
            GenerationInfo info = GenerationInfo.fromJson(first.value());
            state.reattached(jobId, retention).subscribe().with(ignored -> { }, ignored -> { });
            Multi<StreamEvent> events = Multi.createFrom().<StreamEvent>emitter(emitter -> {
                attachments.attach(jobId);
                Follower follower = follower(jobId);
                emitter.onTermination(() -> {
                    attachments.detach(jobId);
                    follower.leave(emitter);
                });
                follower.add(emitter);
            });
            return new Replay(info, events);
        });
    }

    /** This gateway watches over the generation ({@link JobCustody}): it follows it to its end, clients or not. */
    void watchOver(String jobId, Follower.Duty duty) {
        while (!follower(jobId).watchOver(duty)) {
            // That follower stopped meanwhile; the next call makes a new one.
        }
    }

    private Follower follower(String jobId) {
        return followers.compute(jobId, (id, current) -> current == null || current.isOver()
                ? new Follower(id, blocking, state, workers, over -> followers.remove(id, over))
                : current);
    }
}
