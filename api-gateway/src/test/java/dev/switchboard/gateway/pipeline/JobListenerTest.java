package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StreamEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JobListenerTest {

    private final List<StreamEvent> handed = new ArrayList<>();
    private final JobListener listener = new JobListener(handed::add);

    @Test
    void eventsInOrderAreHandedOnAsTheyCome() {
        listener.accept(started("w1"));
        listener.accept(text(1, "a"));
        assertThat(seqs()).containsExactly(0L, 1L);
        listener.accept(text(2, "b"));
        assertThat(seqs()).containsExactly(0L, 1L, 2L);
    }

    @Test
    void anEarlyEventWaitsForTheOnesBeforeIt() {
        listener.accept(started("w1"));
        listener.accept(text(2, "b"));
        listener.accept(text(3, "c"));
        assertThat(seqs()).containsExactly(0L);
        listener.accept(text(1, "a"));
        assertThat(seqs()).containsExactly(0L, 1L, 2L, 3L);
        listener.accept(text(4, "d"));
        assertThat(seqs()).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void aRepeatedEventIsDropped() {
        listener.accept(started("w1"));
        listener.accept(text(1, "a"));
        listener.accept(text(1, "a"));
        assertThat(seqs()).containsExactly(0L, 1L);
    }

    @Test
    void nothingPassesAfterTheTerminalEventInOrderOrNot() {
        listener.accept(started("w1"));
        listener.accept(new StreamEvent.Error("job", 1, ErrorType.BACKEND_ERROR, "failed"));
        listener.accept(text(2, "late"));
        listener.lost("job", "gone");
        assertThat(seqs()).containsExactly(0L, 1L);

        List<StreamEvent> other = new ArrayList<>();
        JobListener reordered = new JobListener(other::add);
        reordered.accept(new StreamEvent.Error("job", 1, ErrorType.BACKEND_ERROR, "failed"));
        reordered.accept(started("w1"));
        reordered.accept(text(2, "late"));
        assertThat(other).extracting(StreamEvent::seq).containsExactly(0L, 1L);
    }

    @Test
    void aSecondWorkersStartIsHandedOnSoThatCancelsReachIt() {
        listener.accept(started("w1"));
        listener.accept(started("w2"));
        listener.accept(text(1, "a"));
        assertThat(handed).hasSize(3);
        assertThat(((StreamEvent.Started) handed.get(1)).workerId()).isEqualTo("w2");
    }

    @Test
    void lostEndsTheJobWithAnInterruptedErrorNumberedAfterWhatWasHandedOn() {
        listener.accept(started("w1"));
        listener.accept(text(1, "a"));
        listener.lost("job", "Redis went away");
        assertThat(handed.getLast()).isInstanceOfSatisfying(StreamEvent.Error.class, error -> {
            assertThat(error.seq()).isEqualTo(2);
            assertThat(error.errorType()).isEqualTo(ErrorType.INTERRUPTED);
        });
    }

    private List<Long> seqs() {
        return handed.stream().map(StreamEvent::seq).toList();
    }

    private static StreamEvent started(String worker) {
        return new StreamEvent.Started("job", 0, worker, 0);
    }

    private static StreamEvent text(long seq, String text) {
        return new StreamEvent.TextDelta("job", seq, text);
    }
}
