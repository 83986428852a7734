package dev.switchboard.session.conversation.transcript;

import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.completion.CompletionError;
import dev.switchboard.contract.completion.CompletionStatus;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.contract.job.ClientKind;
import dev.switchboard.session.conversation.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TurnTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private static Completion completion(String jobId, String conversationId, ClientKind kind, CompletionStatus status,
                                         StopReason stopReason, CompletionError error, List<ContentBlock> output) {
        return new Completion(1, jobId, conversationId, kind, "claude-sonnet-4-5", "qwen3:8b", "ollama", "w1", null,
                status, stopReason, null, error, new Usage(10, 0, 3), null, null, null, null,
                List.of(Message.text(Role.USER, "Hi")), output);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", textBlock = """
            ok,          end_turn, -,           end_turn,        false, -
            ok,          tool_use, -,           tool_use,        false, -
            cancelled,   -,        cancelled,   stopped_by_user, true,  -
            interrupted, -,        interrupted, interrupted,     true,  interrupted
            error,       -,        timeout,     error,           true,  timeout
            error,       -,        -,           error,           true,  backend_error
            """)
    void theOutcomeSaysHowTheJobEnded(String status, String stopReason, String errorType, String expectedStopReason,
                                      boolean partial, String expectedErrorType) {
        Completion completion = completion("msg_1", "c", ClientKind.ANTHROPIC, CompletionStatus.fromWire(status),
                stopReason == null ? null : StopReason.fromWire(stopReason),
                errorType == null ? null : new CompletionError(ErrorType.fromWire(errorType), "why"), List.of());

        TurnOutcome outcome = TurnOutcome.of(completion);

        assertThat(outcome.stopReason()).isEqualTo(expectedStopReason);
        assertThat(outcome.partial()).isEqualTo(partial);
        assertThat(outcome.errorType()).isEqualTo(expectedErrorType);
    }

    @Test
    void theTurnIsTheRequestsMessagesThenTheAnswer() {
        Turn turn = Turn.of(completion("msg_1", " conv-1 ", ClientKind.CLAUDE_CODE, CompletionStatus.OK, StopReason.END_TURN,
                null, List.of(new ContentBlock.Text("Hello"))), NOW);

        assertThat(turn.conversationId()).isEqualTo("conv-1");
        assertThat(turn.source()).isEqualTo(Source.CLAUDE_CODE);
        assertThat(turn.model()).isEqualTo("qwen3:8b");
        assertThat(turn.messages()).extracting(TurnMessage::role).containsExactly(Role.USER, Role.ASSISTANT);
        assertThat(turn.messages()).extracting(TurnMessage::answer).containsExactly(false, true);
        assertThat(turn.answered()).isTrue();
        assertThat(turn.startedAt()).isEqualTo(NOW);
        assertThat(turn.finishedAt()).isEqualTo(NOW);
    }

    @Test
    void aJobWithoutConversationIsItsOwnConversationAndWithoutOutputHasNoAnswer() {
        Turn turn = Turn.of(completion("msg_2", null, null, CompletionStatus.ERROR, null,
                new CompletionError(ErrorType.OVERLOADED, "busy"), List.of()), NOW);

        assertThat(turn.conversationId()).isEqualTo("msg_2");
        assertThat(turn.source()).isEqualTo(Source.API);
        assertThat(turn.messages()).hasSize(1);
        assertThat(turn.answered()).isFalse();
    }

    @Test
    void aCompletionWithoutJobIdOrStatusCannotMakeATurn() {
        assertThatThrownBy(() -> Turn.of(completion(" ", "c", ClientKind.WEB, CompletionStatus.OK, null, null, List.of()), NOW))
                .isInstanceOf(InvalidCompletionException.class).hasMessageContaining("no job id");
        assertThatThrownBy(() -> Turn.of(completion("msg_3", "c", ClientKind.WEB, null, null, null, List.of()), NOW))
                .isInstanceOf(InvalidCompletionException.class).hasMessageContaining("no status");
    }
}
