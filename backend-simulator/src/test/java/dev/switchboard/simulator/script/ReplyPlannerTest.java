package dev.switchboard.simulator.script;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ReplyPlannerTest {

    private static final ToolSpec BASH = new ToolSpec("Bash", "{\"command\":\"ls\"}");
    /** name 1 + arguments 9 ({ " command " : " ls " }) + markup. */
    private static final int BASH_TOKENS = 1 + 9 + ReplyPlanner.TOOL_CALL_OVERHEAD;

    record Case(String name, Optional<String> thinking, String text, List<ToolSpec> tools, int maxTokens,
            List<String> stop, List<Piece> pieces, FinishReason finish, int completionTokens) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Piece text(String t) {
        return new Piece.Text(t);
    }

    private static Piece thought(String t) {
        return new Piece.Thinking(t);
    }

    static Stream<Arguments> cases() {
        Piece bash = new Piece.ToolCall(0, "Bash", "{\"command\":\"ls\"}", BASH_TOKENS);
        return Stream.of(
                new Case("text only", Optional.empty(), "Hello there.", List.of(), -1, List.of(),
                        List.of(text("Hello"), text(" there"), text(".")), FinishReason.STOP, 3),
                new Case("budget cuts the text", Optional.empty(), "w1 w2 w3 w4 w5", List.of(), 3, List.of(),
                        List.of(text("w1"), text(" w2"), text(" w3")), FinishReason.LENGTH, 3),
                new Case("budget of zero", Optional.empty(), "w1 w2", List.of(), 0, List.of(),
                        List.of(), FinishReason.LENGTH, 0),
                new Case("budget equal to the reply", Optional.empty(), "w1 w2", List.of(), 2, List.of(),
                        List.of(text("w1"), text(" w2")), FinishReason.STOP, 2),
                new Case("stop at a token boundary", Optional.empty(), "w1 w2 w3 w4", List.of(), -1, List.of(" w3"),
                        List.of(text("w1"), text(" w2")), FinishReason.STOP, 2),
                new Case("stop inside tokens", Optional.empty(), "w1 w2 w3 w4", List.of(), -1, List.of("2 w"),
                        List.of(text("w1"), text(" w")), FinishReason.STOP, 2),
                new Case("earliest of several stops", Optional.empty(), "one two three", List.of(), -1,
                        List.of("three", "two", ""), List.of(text("one"), text(" ")), FinishReason.STOP, 2),
                new Case("stop not in text", Optional.empty(), "one two", List.of(), -1, List.of("zzz"),
                        List.of(text("one"), text(" two")), FinishReason.STOP, 2),
                new Case("thinking first, in the budget", Optional.of("Hmm, ok."), "Yes.", List.of(), 4, List.of(),
                        List.of(thought("Hmm"), thought(","), thought(" ok"), thought(".")), FinishReason.LENGTH, 4),
                new Case("tool call after text", Optional.empty(), "Let me look.", List.of(BASH), -1, List.of(),
                        List.of(text("Let"), text(" me"), text(" look"), text("."), bash), FinishReason.TOOL_CALLS,
                        4 + BASH_TOKENS),
                new Case("tool call alone", Optional.empty(), "", List.of(BASH), -1, List.of(),
                        List.of(bash), FinishReason.TOOL_CALLS, BASH_TOKENS),
                new Case("budget ends inside the tool call", Optional.empty(), "Hi", List.of(BASH), 5, List.of(),
                        List.of(text("Hi")), FinishReason.LENGTH, 5),
                new Case("stop sequence ends before the tool call", Optional.empty(), "a STOP b", List.of(BASH), -1,
                        List.of("STOP"), List.of(text("a"), text(" ")), FinishReason.STOP, 2))
                .map(Arguments::arguments);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plansThePiecesToSend(Case c) {
        ReplyPlan plan = ReplyPlanner.plan(c.thinking(), c.text(), c.tools(), c.maxTokens(), c.stop());

        assertThat(plan.pieces()).containsExactlyElementsOf(c.pieces());
        assertThat(plan.finish()).isEqualTo(c.finish());
        assertThat(plan.completionTokens()).isEqualTo(c.completionTokens());
    }

    static Stream<Arguments> replies() {
        return Stream.of(
                arguments(new ReplySpec.Scripted("fixed"), "  anything ", "fixed"),
                arguments(new ReplySpec.Echo(), "  repeat me \n", "repeat me"),
                arguments(new ReplySpec.Generated(3), "ignored", "w1 w2 w3"),
                arguments(new ReplySpec.Generated(0), "ignored", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void rendersReplyText(ReplySpec spec, String lastUser, String expected) {
        assertThat(spec.render(lastUser)).isEqualTo(expected);
    }
}
