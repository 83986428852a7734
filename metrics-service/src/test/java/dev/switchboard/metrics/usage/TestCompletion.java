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

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** A completion record as a worker would publish it, with defaults a test overrides where it matters. */
final class TestCompletion {

    String jobId = "msg_" + UUID.randomUUID().toString().replace("-", "");
    String conversationId = "conv-" + UUID.randomUUID();
    ClientKind clientKind = ClientKind.CLAUDE_CODE;
    String requestedModel = "claude-sonnet-4-5";
    String model;
    String pool = "test-pool";
    String workerId = "test-worker-1";
    CompletionStatus status = CompletionStatus.OK;
    StopReason stopReason = StopReason.END_TURN;
    CompletionError error;
    String apiKeyId;
    Usage usage = new Usage(100, 20, 11);
    Timings timings = new Timings(40, 250L, 1250);
    Instant finishedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private TestCompletion(String model) {
        this.model = model;
    }

    /** A model name of this test alone: other tests publish to the same topic at the same time. */
    static String uniqueModel(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static TestCompletion of(String model) {
        return new TestCompletion(model);
    }

    TestCompletion finishedAt(Instant value) {
        finishedAt = value;
        return this;
    }

    TestCompletion tokens(int input, int cached, int output) {
        usage = new Usage(input, cached, output);
        return this;
    }

    TestCompletion timings(long queueWaitMs, Long ttftMs, long generationMs) {
        timings = new Timings(queueWaitMs, ttftMs, generationMs);
        return this;
    }

    TestCompletion failed(CompletionStatus failure, ErrorType type) {
        status = failure;
        stopReason = null;
        error = new CompletionError(type, "failed in a test");
        return this;
    }

    TestCompletion conversation(String value) {
        conversationId = value;
        return this;
    }

    TestCompletion pool(String value) {
        pool = value;
        return this;
    }

    TestCompletion clientKind(ClientKind value) {
        clientKind = value;
        return this;
    }

    TestCompletion apiKey(String value) {
        apiKeyId = value;
        return this;
    }

    TestCompletion jobId(String value) {
        jobId = value;
        return this;
    }

    Completion build() {
        return new Completion(SchemaVersion.CURRENT, jobId, conversationId, clientKind, requestedModel, model, pool,
                workerId, apiKeyId, status, stopReason, null, error, usage, timings,
                finishedAt.minusMillis(timings.generationMs() + timings.queueWaitMs()), finishedAt, "Be brief.",
                List.of(), List.of());
    }
}
