package dev.switchboard.gateway.anthropic.rest;

import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.gateway.anthropic.mapping.AnthropicStreamRenderer;
import dev.switchboard.gateway.pipeline.EventPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResumableStreamIdsTest {

    private static final Pattern ID = Pattern.compile("^id: (\\S+)$", Pattern.MULTILINE);
    private static final String JOB = "msg_ids";

    private static final List<StreamEvent> ANSWER = List.of(
            new StreamEvent.Started(JOB, 0, "w1", 3),
            new StreamEvent.TextDelta(JOB, 1, "Hello"),
            new StreamEvent.TextDelta(JOB, 2, " world"),
            new StreamEvent.Done(JOB, 3, StopReason.END_TURN, null, new Usage(5, 0, 2), new Timings(3L, 10L, 20L)));

    /** The stream as a format writes it: message_start, then each event in order. */
    private static String stream(AnthropicReplyFormat format) {
        StringBuilder wire = new StringBuilder(format.start());
        ANSWER.forEach(event -> wire.append(format.on(event)));
        return wire.toString();
    }

    private static List<String> ids(String wire) {
        List<String> ids = new ArrayList<>();
        Matcher matcher = ID.matcher(wire);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }

    private static AnthropicStreamRenderer renderer() {
        return new AnthropicStreamRenderer(JOB, "qwen", 5);
    }

    @Test
    void everyEventOfAResumableStreamHasAnIdInStreamOrder() {
        String wire = stream(AnthropicReplyFormat.withIds(renderer(), EventPosition.START));
        // message_start; block start + delta; delta; block stop, message_delta, message_stop.
        assertThat(ids(wire)).containsExactly("0.0", "1.0", "1.1", "2.0", "3.0", "3.1", "3.2");
        assertThat(wire.split("\n\n")).allMatch(event -> event.startsWith("id: "));
    }

    @Test
    void aStreamWithoutIdsIsTheSameEventsWithoutThem() {
        String plain = stream(new AnthropicReplyFormat(renderer()));
        String withIds = stream(AnthropicReplyFormat.withIds(renderer(), EventPosition.START));
        assertThat(ids(plain)).isEmpty();
        assertThat(withIds.replaceAll("(?m)^id: \\S+\n", "")).isEqualTo(plain);
    }

    @ParameterizedTest(name = "after {0}: {1}")
    @CsvSource({
            "0.0, 1.0 1.1 2.0 3.0 3.1 3.2",
            "1.0, 1.1 2.0 3.0 3.1 3.2",
            "1.1, 2.0 3.0 3.1 3.2",
            "3.1, 3.2",
            "3.2, ''",
            "40.0, ''",
    })
    void resumingLeavesOutExactlyTheEventsUpToTheLastOneReceived(String after, String expected) {
        String wire = stream(AnthropicReplyFormat.withIds(renderer(), EventPosition.parse(after)));
        assertThat(String.join(" ", ids(wire))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.", ".1", "a.b", "1.2.3", "-1.0", "1.0 junk"})
    void anIdThatIsNotNDotKIsRefused(String wire) {
        assertThatThrownBy(() -> EventPosition.parse(wire)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void positionsOrderBySequenceThenIndex() {
        assertThat(EventPosition.parse("2.0").isAfter(EventPosition.parse("1.9"))).isTrue();
        assertThat(EventPosition.parse("2.1").isAfter(EventPosition.parse("2.0"))).isTrue();
        assertThat(EventPosition.parse("2.0").isAfter(EventPosition.parse("2.0"))).isFalse();
        assertThat(EventPosition.parse("0.0").isAfter(EventPosition.START)).isTrue();
        assertThat(EventPosition.parse(" 12.3 ").wire()).isEqualTo("12.3");
    }
}
