package dev.switchboard.metrics.usage;

import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.completion.CompletionError;
import dev.switchboard.contract.completion.CompletionStatus;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.contract.job.ClientKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsageRecordTest {

    private static final Instant CREATED = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant FINISHED = Instant.parse("2025-03-01T10:00:05Z");

    private static Completion completion(String jobId, String conversationId, String model, CompletionStatus status,
                                         StopReason stopReason, CompletionError error, Usage usage, Timings timings,
                                         Instant finishedAt) {
        return new Completion(SchemaVersion.CURRENT, jobId, conversationId, ClientKind.CLAUDE_CODE, "claude-sonnet-4-5",
                model, "ollama", "ollama-host-1", "key-1", status, stopReason, null, error, usage, timings, CREATED,
                finishedAt, "Be brief.", List.of(), List.of());
    }

    @Test
    void aFinishedJobBecomesOneRecordWithEveryMeasure() {
        UsageRecord record = UsageRecord.of(completion("msg_1", "conv-1", "qwen2.5-coder:7b", CompletionStatus.OK,
                StopReason.END_TURN, null, new Usage(1200, 1000, 51), new Timings(40, 300L, 2300), FINISHED));

        assertThat(record).isEqualTo(new UsageRecord("msg_1", FINISHED, CREATED, "conv-1", "claude_code",
                "claude-sonnet-4-5", "qwen2.5-coder:7b", "ollama", "ollama-host-1", "key-1", "ok", "end_turn", null,
                1200, 1000, 51, 300L, 2300L, 25.0, 40L));
        assertThat(record.ok()).isTrue();
    }

    @Test
    void aFailedJobKeepsItsErrorTypeAndHasNoRateWithoutTokens() {
        UsageRecord record = UsageRecord.of(completion("msg_2", "conv-2", "llama3.2:3b", CompletionStatus.ERROR, null,
                new CompletionError(ErrorType.OVERLOADED, "the backend is down"), new Usage(10, 0, 0),
                new Timings(5, null, 80), FINISHED));

        assertThat(record.status()).isEqualTo("error");
        assertThat(record.errorType()).isEqualTo("overloaded");
        assertThat(record.stopReason()).isNull();
        assertThat(record.ttftMs()).isNull();
        assertThat(record.outputTokensPerSecond()).isNull();
        assertThat(record.ok()).isFalse();
    }

    @Test
    void aJobOutsideAConversationCountsAsItsOwnConversation() {
        assertThat(UsageRecord.of(completion("msg_3", null, "m", CompletionStatus.CANCELLED, null, null, null,
                new Timings(1, 2L, 3), FINISHED)).conversationId()).isEqualTo("msg_3");
        assertThat(UsageRecord.of(completion("msg_4", " ", "m", CompletionStatus.INTERRUPTED, null, null, null,
                new Timings(1, 2L, 3), FINISHED)).conversationId()).isEqualTo("msg_4");
    }

    @Test
    void missingUsageAndTimingsAreZeroTokensAndUnknownTimes() {
        UsageRecord record = UsageRecord.of(completion("msg_5", "c", "m", CompletionStatus.OK, StopReason.MAX_TOKENS,
                null, null, null, FINISHED));

        assertThat(record.inputTokens()).isZero();
        assertThat(record.outputTokens()).isZero();
        assertThat(record.durationMs()).isNull();
        assertThat(record.queueWaitMs()).isNull();
        assertThat(record.outputTokensPerSecond()).isNull();
    }

    @Test
    void aCompletionWithoutJobIdModelStatusOrEndCannotBeStored() {
        Usage usage = new Usage(1, 0, 1);
        Timings timings = new Timings(1, 1L, 1);
        assertThatThrownBy(() -> UsageRecord.of(completion(null, "c", "m", CompletionStatus.OK, null, null, usage,
                timings, FINISHED))).isInstanceOf(InvalidCompletionException.class).hasMessageContaining("job_id");
        assertThatThrownBy(() -> UsageRecord.of(completion("msg_6", "c", " ", CompletionStatus.OK, null, null, usage,
                timings, FINISHED))).isInstanceOf(InvalidCompletionException.class).hasMessageContaining("msg_6 has no model");
        assertThatThrownBy(() -> UsageRecord.of(completion("msg_7", "c", "m", null, null, null, usage, timings,
                FINISHED))).isInstanceOf(InvalidCompletionException.class).hasMessageContaining("status");
        assertThatThrownBy(() -> UsageRecord.of(completion("msg_8", "c", "m", CompletionStatus.OK, null, null, usage,
                timings, null))).isInstanceOf(InvalidCompletionException.class).hasMessageContaining("finished_at");
    }
}
