package dev.switchboard.worker.core.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.chat.Sampling;
import dev.switchboard.contract.job.ClientKind;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Jobs and JSON for worker tests. */
public final class TestJobs {

    private TestJobs() {
    }

    public static GenerationJob job(String model, ChatRequest request) {
        Instant now = Instant.now();
        return new GenerationJob(SchemaVersion.CURRENT, "job-" + UUID.randomUUID(), "conv-1", ClientKind.ANTHROPIC,
                model, model, "test-pool", "test-replies", now, now.plus(Duration.ofMinutes(5)), request, null);
    }

    public static GenerationJob job(String model, String userText) {
        return job(model, new ChatRequest(null, List.of(Message.text(Role.USER, userText)), List.of(), null,
                Sampling.maxTokens(100)));
    }

    public static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode object(String text) {
        return (ObjectNode) json(text);
    }
}
