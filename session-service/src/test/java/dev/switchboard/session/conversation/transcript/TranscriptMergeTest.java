package dev.switchboard.session.conversation.transcript;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TranscriptMergeTest {

    /** Stored messages as "fingerprint@position", e.g. "u1@0". */
    private static List<StoredRef> stored(String... refs) {
        List<StoredRef> stored = new ArrayList<>();
        for (String ref : refs) {
            String[] parts = ref.split("@");
            stored.add(new StoredRef(Integer.parseInt(parts[1]), parts[0]));
        }
        return stored;
    }

    private static List<String> turn(String... fingerprints) {
        return Arrays.asList(fingerprints);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a new conversation takes the whole turn",
                        stored(), turn("u1", "a1"), new MergePlan(0, List.of(), -1)),
                Arguments.of("a resent conversation adds only the new turn",
                        stored("u1@0", "a1@1"), turn("u1", "a1", "u2", "a2"), new MergePlan(2, List.of(), -1)),
                Arguments.of("a redelivered or repeated turn adds nothing",
                        stored("u1@0", "a1@1"), turn("u1", "a1"), new MergePlan(2, List.of(), 1)),
                Arguments.of("an older turn arriving after a newer one adds nothing",
                        stored("u1@0", "a1@1", "u2@2", "a2@3"), turn("u1", "a1"), new MergePlan(2, List.of(), 1)),
                Arguments.of("a turn cut short without answer after stored history",
                        stored("u1@0", "a1@1"), turn("u1", "a1", "u2"), new MergePlan(2, List.of(), -1)),
                Arguments.of("a client retrying the same question without answer points at it",
                        stored("u1@0", "a1@1", "u2@2"), turn("u1", "a1", "u2"), new MergePlan(3, List.of(), 2)),
                Arguments.of("an edited turn supersedes the stored rest of the conversation",
                        stored("u1@0", "a1@1", "u2@2", "a2@3", "u3@4", "a3@5"), turn("u1", "a1", "u2x", "a2x"),
                        new MergePlan(2, List.of(2, 3, 4, 5), -1)),
                Arguments.of("a regenerated answer supersedes the stored one",
                        stored("u1@0", "a1@1"), turn("u1", "a1x"), new MergePlan(1, List.of(1), -1)),
                Arguments.of("a side request with another first message is appended whole",
                        stored("u1@0", "a1@1"), turn("t1", "ta1"), new MergePlan(0, List.of(), -1)),
                Arguments.of("the main thread going on supersedes a side exchange appended after it",
                        stored("u1@0", "a1@1", "t1@2", "ta1@3"), turn("u1", "a1", "u2", "a2"),
                        new MergePlan(2, List.of(2, 3), -1)),
                Arguments.of("a side thread going on is laid where it starts",
                        stored("u1@0", "a1@1", "s1@2", "sa1@3"), turn("s1", "sa1", "s2", "sa2"), new MergePlan(2, List.of(), -1)),
                Arguments.of("positions with gaps (superseded messages left out) are kept",
                        stored("u1@0", "a1@1", "u2@6", "a2@7"), turn("u1", "a1", "u2", "a2", "u3"), new MergePlan(4, List.of(), -1)),
                Arguments.of("the longest run wins when the first message is stored twice",
                        stored("hi@0", "a1@1", "hi@2", "a2@3"), turn("hi", "a2", "u3"), new MergePlan(2, List.of(), -1)),
                Arguments.of("of equally long runs the latest wins",
                        stored("hi@0", "a1@1", "hi@2", "a1@3"), turn("hi", "a1", "u3"), new MergePlan(2, List.of(), -1)),
                Arguments.of("a turn without messages changes nothing",
                        stored("u1@0"), turn(), new MergePlan(0, List.of(), -1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plansWhatTheTurnChanges(String name, List<StoredRef> stored, List<String> incoming, MergePlan expected) {
        assertThat(TranscriptMerge.plan(stored, incoming)).isEqualTo(expected);
    }
}
