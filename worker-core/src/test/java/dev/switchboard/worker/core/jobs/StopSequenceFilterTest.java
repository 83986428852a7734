package dev.switchboard.worker.core.jobs;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class StopSequenceFilterTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // pieces, stops, text passed on, matched stop
                Arguments.of(List.of("one ", "two ", "three"), List.of(), "one two three", null),
                Arguments.of(List.of("one ", "two ", "STOP", " three"), List.of("STOP"), "one two ", "STOP"),
                Arguments.of(List.of("one ST", "OP three"), List.of("STOP"), "one ", "STOP"),
                Arguments.of(List.of("one S", "T", "O", "P"), List.of("STOP"), "one ", "STOP"),
                Arguments.of(List.of("a STORY ", "ends"), List.of("STOP"), "a STORY ends", null),
                Arguments.of(List.of("ends with ST"), List.of("STOP"), "ends with ST", null),
                Arguments.of(List.of("x\n\nHuman: hi"), List.of("\n\nHuman:", "END"), "x", "\n\nHuman:"),
                Arguments.of(List.of("aEND", "\n\nHuman:"), List.of("\n\nHuman:", "END"), "a", "END"),
                Arguments.of(List.of("ünï", "cødé STOP"), List.of("STOP"), "ünïcødé ", "STOP"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void cutsTheTextAtTheFirstStopSequence(List<String> pieces, List<String> stops, String expected, String matched) {
        StopSequenceFilter filter = new StopSequenceFilter(stops);
        StringBuilder out = new StringBuilder();
        String found = null;
        for (String piece : pieces) {
            StopSequenceFilter.Result result = filter.accept(piece);
            out.append(result.text());
            if (result.matched() != null) {
                found = result.matched();
                break;
            }
        }
        if (found == null) {
            out.append(filter.flush());
        }
        assertThat(out.toString()).isEqualTo(expected);
        assertThat(found).isEqualTo(matched);
    }
}
