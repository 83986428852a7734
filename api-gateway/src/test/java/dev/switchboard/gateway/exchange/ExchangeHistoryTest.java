package dev.switchboard.gateway.exchange;

import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ExchangeHistoryTest {

    private static final Participant ALPHA = new Participant("ollama/qwen3:8b", "Alpha", "You are Alpha.", 0.7, 256);
    private static final Participant BETA = new Participant("mlx/llama3.2:3b", "Beta", "You are Beta.", null, 128);

    private static final Said OPENING = Said.user("Is tea better than coffee?");
    private static final Said A1 = new Said("Alpha", "Tea.");
    private static final Said B1 = new Said("Beta", "Coffee.");
    private static final Said G1 = new Said("Gamma", "Water.");
    private static final Said A2 = new Said("Alpha", "Still tea.");
    private static final Said FOLLOW_UP = Said.user("Agree on one.");

    /** Messages written as "role: text" lines. */
    static Stream<Arguments> histories() {
        return Stream.of(
                Arguments.of("the first turn sees the opening alone", ALPHA, ExchangeMode.CONVERSATION, List.of(OPENING),
                        List.of("user: Is tea better than coffee?")),
                Arguments.of("the second speaker gets the first's turn named, merged with the opening", BETA,
                        ExchangeMode.CONVERSATION, List.of(OPENING, A1),
                        List.of("user: Is tea better than coffee?\n\nAlpha: Tea.")),
                Arguments.of("its own turns are assistant messages, the others' named user messages", ALPHA,
                        ExchangeMode.CONVERSATION, List.of(OPENING, A1, B1),
                        List.of("user: Is tea better than coffee?", "assistant: Tea.", "user: Beta: Coffee.")),
                Arguments.of("consecutive turns of others and the user merge into one user message", ALPHA,
                        ExchangeMode.CONVERSATION, List.of(OPENING, A1, B1, G1, FOLLOW_UP),
                        List.of("user: Is tea better than coffee?", "assistant: Tea.",
                                "user: Beta: Coffee.\n\nGamma: Water.\n\nAgree on one.")),
                Arguments.of("two own turns in a row stay two assistant messages", ALPHA, ExchangeMode.CONVERSATION,
                        List.of(OPENING, A1, A2), List.of("user: Is tea better than coffee?", "assistant: Tea.", "assistant: Still tea.")),
                Arguments.of("side by side, a participant sees only the user and itself", BETA, ExchangeMode.SIDE_BY_SIDE,
                        List.of(OPENING, A1, B1, G1, FOLLOW_UP),
                        List.of("user: Is tea better than coffee?", "assistant: Coffee.", "user: Agree on one.")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void eachParticipantSeesItsOwnHistory(String rule, Participant speaker, ExchangeMode mode, List<Said> transcript,
                                          List<String> expected) {
        ChatRequest request = ExchangeHistory.forTurn(speaker, mode, transcript);

        assertThat(request.messages().stream().map(ExchangeHistoryTest::line).toList()).isEqualTo(expected);
        assertThat(request.system()).isEqualTo(speaker.system());
        assertThat(request.sampling().maxTokens()).isEqualTo(speaker.maxTokens());
        assertThat(request.sampling().temperature()).isEqualTo(speaker.temperature());
    }

    private static String line(Message message) {
        return message.role().name().toLowerCase() + ": " + ((ContentBlock.Text) message.content().getFirst()).text();
    }
}
