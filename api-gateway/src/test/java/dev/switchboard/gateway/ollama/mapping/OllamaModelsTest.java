package dev.switchboard.gateway.ollama.mapping;

import dev.switchboard.contract.worker.Capability;
import dev.switchboard.contract.worker.ModelInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Set;

import static dev.switchboard.gateway.front.FrontJson.json;
import static org.assertj.core.api.Assertions.assertThat;

class OllamaModelsTest {

    private static final Set<String> SERVED = Set.of("llama3.2:latest", "qwen3:8b", "mlx-community/Qwen3-8B-4bit", "tinyllama");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "llama3.2, llama3.2:latest",
            "llama3.2:latest, llama3.2:latest",
            "tinyllama:latest, tinyllama",
            "tinyllama, tinyllama",
            "qwen3:8b, qwen3:8b",
            "qwen3, qwen3",
            "mlx-community/Qwen3-8B-4bit:latest, mlx-community/Qwen3-8B-4bit",
            "claude-sonnet-4-5, claude-sonnet-4-5"})
    void nameAndNameLatestAreTheSameModel(String requested, String served) {
        assertThat(OllamaModels.served(requested, SERVED)).isEqualTo(served);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"llama3.2, llama3.2:latest", "qwen3:8b, qwen3:8b", "mlx-community/Qwen3-8B-4bit, mlx-community/Qwen3-8B-4bit:latest",
            "host:11434/model, host:11434/model:latest"})
    void listedNamesCarryATag(String name, String tagged) {
        assertThat(OllamaModels.tagged(name)).isEqualTo(tagged);
    }

    @Test
    void showSaysTheCapabilitiesAndContextTheWorkersReport() {
        ModelInfo model = new ModelInfo("qwen3:8b", 40960, Set.of(Capability.THINKING, Capability.TOOLS));
        var show = OllamaModels.show(model, "ollama", Instant.parse("2026-12-06T08:00:00Z"));

        assertThat(show.get("capabilities")).isEqualTo(json("[\"completion\",\"tools\",\"thinking\"]"));
        assertThat(show.at("/model_info/general.context_length").asInt()).isEqualTo(40960);
        assertThat(show.at("/details/format").asText()).isEqualTo("gguf");
    }

    @Test
    void aLoadedModelHasItsMemoryAndExpiry() {
        ModelInfo model = new ModelInfo("llama3.2", null, Set.of())
                .withLoaded(new ModelInfo.Loaded(8192, 2_500_000_000L, Instant.parse("2026-12-06T09:00:00Z"), 3_000_000_000L));
        var entry = OllamaModels.loaded(model, "ollama");

        assertThat(entry.get("name").asText()).isEqualTo("llama3.2:latest");
        assertThat(entry.get("size").asLong()).isEqualTo(3_000_000_000L);
        assertThat(entry.get("size_vram").asLong()).isEqualTo(2_500_000_000L);
        assertThat(entry.get("expires_at").asText()).isEqualTo("2026-12-06T09:00:00Z");
        assertThat(entry.get("context_length").asInt()).isEqualTo(8192);
    }
}
