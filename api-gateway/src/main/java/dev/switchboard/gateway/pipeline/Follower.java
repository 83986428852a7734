package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.MalformedRecordException;
import dev.switchboard.messaging.JobState;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Follows one resumable generation's events stream for the clients of this gateway attached to
 * it: reads it from the first entry on a connection of its own ({@code XREAD BLOCK}), keeps the
 * events read, and hands each client all of them in stream order, the ones read before it came
 * first. Stream order is the order the worker published in, so every client gets every event once.
 *
 * <p>It ends at the generation's terminal event, when the events expire, or when its worker dies
 * after answering (the gateway that started the job may be gone too, and with it the error it
 * would have appended); it stops reading when its last client leaves, unless this gateway watches
 * over the generation ({@link Duty}): then it follows it to its end with or without clients.
 */
final class Follower implements WorkerWatch.Watcher {

    /** What this gateway does as the generation's custodian ({@link JobCustody}). */
    interface Duty {

        /** Its worker died after answering: {@code error} ends it; {@code events} are all it published. */
        void interrupted(StreamEvent.Error error, List<StreamEvent> events);

        /** The follower stopped: {@code ended} when the generation ended or is no longer kept. */
        void over(boolean ended);
    }

    private static final Logger LOG = Logger.getLogger(Follower.class);
    /** How long one read waits for events before checking that the events are still kept. */
    private static final long BLOCK_MS = 5_000;
    private static final int BATCH = 1_000;

    private final String jobId;
    private final Redis blocking;
    private final JobState state;
    private final WorkerWatch workers;
    private final Consumer<Follower> onOver;
    private final List<StreamEvent> events = new ArrayList<>();
    private final List<MultiEmitter<? super StreamEvent>> clients = new ArrayList<>();
    private RedisConnection connection;
    private String lastId = "0";
    private long lastSeq = -1;
    private boolean answered;
    private boolean started;
    private boolean over;
    /** A read is waiting in Redis: the connection goes back to its pool only once it answered. */
    private boolean reading;
    private Duty duty;
    private boolean ended;

    Follower(String jobId, Redis blocking, JobState state, WorkerWatch workers, Consumer<Follower> onOver) {
        this.jobId = jobId;
        this.blocking = blocking;
        this.state = state;
        this.workers = workers;
        this.onOver = onOver;
    }

    synchronized boolean isOver() {
        return over;
    }

    /** A client: it gets every event read so far, then each one as it is read. */
    synchronized void add(MultiEmitter<? super StreamEvent> client) {
        events.forEach(client::emit);
        if (over) {
            client.complete();
            return;
        }
        clients.add(client);
        startReading();
    }

    /**
     * This gateway watches over the generation: followed to its end, clients or not. False when
     * this follower is over already (a new one must do it).
     */
    synchronized boolean watchOver(Duty custodian) {
        if (over) {
            return false;
        }
        duty = custodian;
        startReading();
        return true;
    }

    private void startReading() {
        if (!started) {
            started = true;
            blocking.connect().subscribe().with(this::opened, failure -> fail("cannot reach Redis: " + failure.getMessage()));
        }
    }

    /** A client went away (or was completed). */
    synchronized void leave(MultiEmitter<? super StreamEvent> client) {
        clients.remove(client);
        if (clients.isEmpty() && duty == null && !over) {
            // Nobody here listens any more: stop reading; a client that comes back starts over.
            stop();
        }
    }

    private synchronized void opened(RedisConnection opened) {
        if (over) {
            opened.close().subscribe().with(ignored -> { }, ignored -> { });
            return;
        }
        connection = opened;
        read();
    }

    private synchronized void read() {
        if (over) {
            return;
        }
        reading = true;
        connection.send(Request.newInstance(JobState.readEvents(jobId, lastId, BATCH, BLOCK_MS)))
                .subscribe().with(reply -> {
                    if (answered()) {
                        onRead(JobState.Entry.read(reply == null ? null : reply.getDelegate()));
                    }
                }, failure -> {
                    if (answered()) {
                        fail("lost its connection to Redis: " + failure.getMessage());
                    }
                });
    }

    /** The pending read answered; false when this follower stopped meanwhile (its connection is released now). */
    private synchronized boolean answered() {
        reading = false;
        if (over) {
            release();
            return false;
        }
        return true;
    }

    private void onRead(List<JobState.Entry> entries) {
        if (entries.isEmpty()) {
            state.hasEvents(jobId).subscribe().with(kept -> {
                if (kept) {
                    read();
                } else {
                    expired();
                }
            }, failure -> fail("cannot reach Redis: " + failure.getMessage()));
            return;
        }
        for (JobState.Entry entry : entries) {
            lastId = entry.id();
            if (entry.field().equals(JobState.Entry.EVENT)) {
                try {
                    deliver(Codec.EVENT.decode(entry.value()));
                } catch (MalformedRecordException e) {
                    LOG.warnf("job %s: skipped an entry of its events that is not an event: %s", jobId, e.getMessage());
                }
            }
        }
        read();
    }

    private synchronized void deliver(StreamEvent event) {
        if (over) {
            return;
        }
        lastSeq = Math.max(lastSeq, event.seq());
        switch (event) {
            case StreamEvent.Started s -> workers.watch(watchKey(), s.workerId(), this);
            case StreamEvent.TextDelta ignored -> answered = true;
            case StreamEvent.ThinkingDelta ignored -> answered = true;
            case StreamEvent.ToolCall ignored -> answered = true;
            default -> {
            }
        }
        events.add(event);
        clients.forEach(client -> client.emit(event));
        if (event.isTerminal()) {
            ended = true;
            finish();
        }
    }

    @Override
    public void workerGone() {
        StreamEvent.Error error;
        Duty custodian;
        List<StreamEvent> published;
        synchronized (this) {
            if (!answered || over) {
                // Before answering, another worker takes the job over; its Started is watched in turn.
                return;
            }
            error = new StreamEvent.Error(jobId, lastSeq + 1, ErrorType.INTERRUPTED,
                    "the worker running the generation stopped before finishing; the answer is incomplete");
            custodian = duty;
            published = List.copyOf(events);
            ended = true;
        }
        if (custodian != null) {
            custodian.interrupted(error, published);
        }
        end(error);
    }

    private void expired() {
        synchronized (this) {
            ended = true;
        }
        end(new StreamEvent.Error(jobId, lastSeq + 1, ErrorType.INTERRUPTED,
                "the generation is no longer kept; it did not finish while it was"));
    }

    private void fail(String why) {
        LOG.warnf("job %s: re-attached clients end: this gateway %s", jobId, why);
        end(new StreamEvent.Error(jobId, lastSeq + 1, ErrorType.OVERLOADED,
                "the gateway " + why + "; re-attach shortly"));
    }

    /** Ends every client with an event this gateway made: not kept, since the generation itself may go on. */
    private synchronized void end(StreamEvent.Error error) {
        if (over) {
            return;
        }
        events.add(error);
        clients.forEach(client -> client.emit(error));
        finish();
    }

    private void finish() {
        List<MultiEmitter<? super StreamEvent>> done = List.copyOf(clients);
        stop();
        done.forEach(MultiEmitter::complete);
    }

    private void stop() {
        over = true;
        clients.clear();
        workers.unwatch(watchKey());
        if (!reading) {
            release();
        }
        onOver.accept(this);
        if (duty != null) {
            duty.over(ended);
        }
    }

    private void release() {
        if (connection != null) {
            connection.close().subscribe().with(ignored -> { }, ignored -> { });
            connection = null;
        }
    }

    private String watchKey() {
        return jobId + " (re-attached)";
    }
}
