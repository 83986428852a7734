package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamProtocolTest {

    private static final String CAPTURE = """
            {"captured": "a client", "body": {"model": "claude-sonnet-4-5", "max_tokens": 32000, "stream": true,
             "system": [{"type": "text", "text": "You are a coding assistant."}],
             "tools": [{"name": "Bash", "input_schema": {"type": "object"}}, {"name": "Read", "input_schema": {"type": "object"}}],
             "messages": [{"role": "user", "content": [{"type": "text", "text": "Say hello"}]}]}}
            """;

    @Test
    void aKeySentAsClaudeCodeSendsItBesideTheResumableHeader() {
        assertThat(new StreamProtocol.Anthropic("gateway", true, null, "sk-sb-test").headers())
                .containsExactly(java.util.Map.entry("switchboard-resumable", "true"), java.util.Map.entry("x-api-key", "sk-sb-test"));
        assertThat(new StreamProtocol.Anthropic("ccr").headers()).isEmpty();
    }

    @Test
    void aCapturedRequestIsSentWholeWithTheBenchsModelLengthAndPrompt(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("capture.json"), CAPTURE);
        ObjectNode captured = StreamProtocol.Anthropic.captured(file);

        JsonNode sent = parse(new StreamProtocol.Anthropic("gateway", false, captured, null).body("ollama/m", "[[sim tokens=8]]", 8));

        assertThat(sent.path("model").asText()).isEqualTo("ollama/m");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(72);
        assertThat(sent.path("tools")).hasSize(2);
        assertThat(sent.path("system").get(0).path("text").asText()).isEqualTo("You are a coding assistant.");
        JsonNode content = sent.path("messages").get(0).path("content");
        assertThat(content).hasSize(2);
        assertThat(content.get(0).path("text").asText()).isEqualTo("Say hello");
        assertThat(content.get(1).path("text").asText()).isEqualTo("[[sim tokens=8]]");
        assertThat(captured.path("messages").get(0).path("content")).as("the capture itself is unchanged").hasSize(1);
    }

    @Test
    void aFileWithoutARequestIsRefusedWithWhatItShouldHold(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("other.json"), "{\"captured\": \"nothing\"}");

        assertThatThrownBy(() -> StreamProtocol.Anthropic.captured(file)).hasMessageContaining("holds no Anthropic request");
    }

    private static JsonNode parse(String json) throws IOException {
        return StreamProtocol.JSON.readTree(json);
    }
}
