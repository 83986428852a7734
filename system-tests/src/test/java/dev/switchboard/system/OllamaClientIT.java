package dev.switchboard.system;

import io.github.ollama4j.Ollama;
import io.github.ollama4j.exceptions.OllamaException;
import io.github.ollama4j.models.chat.OllamaChatMessageRole;
import io.github.ollama4j.models.chat.OllamaChatRequest;
import io.github.ollama4j.models.chat.OllamaChatResult;
import io.github.ollama4j.models.generate.OllamaGenerateRequest;
import io.github.ollama4j.models.generate.OllamaGenerateStreamObserver;
import io.github.ollama4j.models.ps.ModelProcessesResult;
import io.github.ollama4j.models.request.ThinkMode;
import io.github.ollama4j.models.response.Model;
import io.github.ollama4j.models.response.ModelDetail;
import io.github.ollama4j.models.response.OllamaResult;
import io.github.ollama4j.tools.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A real Ollama client library (ollama4j) against the running suite, pointed at the gateway as
 * {@code OLLAMA_HOST} would point it; the simulator answers as the directive in each prompt says.
 */
class OllamaClientIT {

    private static Ollama ollama;

    @BeforeAll
    static void connect() {
        ollama = new Ollama(Suite.GATEWAY);
        ollama.setRequestTimeoutSeconds(30);
    }

    @Test
    void aChatIsAnsweredWhole() throws OllamaException {
        OllamaChatResult result = ollama.chat(OllamaChatRequest.builder().withModel("qwen2.5-coder:7b")
                .withMessage(OllamaChatMessageRole.SYSTEM, "Be brief.")
                .withMessage(OllamaChatMessageRole.USER, "Greet me. [[sim reply=\"Hello from the local model!\" ttft_ms=5 tps=500]]")
                .build(), null);

        assertThat(result.getResponseModel().getMessage().getResponse()).isEqualTo("Hello from the local model!");
        assertThat(result.getResponseModel().isDone()).isTrue();
        assertThat(result.getResponseModel().getDoneReason()).isEqualTo("stop");
        assertThat(result.getResponseModel().getEvalCount()).isPositive();
        assertThat(result.getResponseModel().getTotalDuration()).isPositive();
    }

    @Test
    void aChatStreamsItsTokens() throws OllamaException {
        List<String> pieces = new CopyOnWriteArrayList<>();
        OllamaChatResult result = ollama.chat(OllamaChatRequest.builder().withModel("llama3.2:3b").withStreaming()
                .withMessage(OllamaChatMessageRole.USER, "Count. [[sim tokens=30 ttft_ms=5 tps=300]]")
                .build(), chunk -> {
                    if (chunk.getMessage() != null && chunk.getMessage().getResponse() != null && !chunk.getMessage().getResponse().isEmpty()) {
                        pieces.add(chunk.getMessage().getResponse());
                    }
                });

        String expected = java.util.stream.IntStream.rangeClosed(1, 30).mapToObj(i -> "w" + i).collect(java.util.stream.Collectors.joining(" "));
        assertThat(pieces.size()).isGreaterThan(10);
        assertThat(String.join("", pieces).strip()).isEqualTo(expected);
        assertThat(result.getResponseModel().getMessage().getResponse().strip()).isEqualTo(expected);
    }

    @Test
    void aGenerateIsAnsweredAndStreamed() throws OllamaException {
        List<String> pieces = new ArrayList<>();
        OllamaResult result = ollama.generate(OllamaGenerateRequest.builder().withModel("qwen2.5-coder:7b")
                .withPrompt("Why is the sky blue? [[sim reply=\"Rayleigh scattering.\"]]").withSystem("Be brief.").withThink(ThinkMode.DISABLED)
                .withStreaming(true).build(), new OllamaGenerateStreamObserver(null, pieces::add));

        assertThat(result.getResponse()).isEqualTo("Rayleigh scattering.");
        assertThat(String.join("", pieces)).isEqualTo("Rayleigh scattering.");
        assertThat(result.getDoneReason()).isEqualTo("stop");
    }

    /** ollama4j runs the tool the model calls itself and sends its result back: a whole round trip. */
    @Test
    void aToolCallRoundTripRunsTheClientsToolWithObjectArguments() throws OllamaException {
        List<Map<String, Object>> calls = new CopyOnWriteArrayList<>();
        Tools.Tool weather = Tools.Tool.builder()
                .toolSpec(Tools.ToolSpec.builder().name("get_weather").description("The weather in a city")
                        .parameters(Tools.Parameters.of(Map.of("city", Tools.Property.builder().type("string").description("the city").required(true).build())))
                        .build())
                .toolFunction(arguments -> {
                    calls.add(arguments);
                    return "18 degrees in " + arguments.get("city");
                })
                .build();
        OllamaChatResult answered = ollama.chat(OllamaChatRequest.builder().withModel("qwen2.5-coder:7b")
                .withTools(List.of(weather)).withUseTools(true)
                .withMessage(OllamaChatMessageRole.USER, "Weather in Rome? [[sim tool=get_weather args={\"city\":\"Rome\",\"days\":2} then=\"It is sunny in Rome.\"]]")
                .build(), null);

        assertThat(calls).singleElement().isEqualTo(Map.of("city", "Rome", "days", 2));
        assertThat(answered.getResponseModel().getMessage().getResponse()).isEqualTo("It is sunny in Rome.");
        assertThat(Suite.simulatorRequests(2).toString()).contains("18 degrees in Rome");
    }

    @Test
    void theModelsOfEveryServerAreListedShownAndTheLoadedOnesToo() throws OllamaException {
        List<String> names = ollama.listModels().stream().map(Model::getName).toList();
        assertThat(names).contains("qwen2.5-coder:7b", "llama3.2:3b");

        ModelDetail details = ollama.getModelDetails("qwen2.5-coder:7b");
        assertThat(details.getCapabilities()).contains("completion", "tools");

        assertThat(ollama.getVersion()).isNotBlank();

        // Forced onto the Ollama pool: only Ollama servers say what they hold in memory.
        ollama.chat(OllamaChatRequest.builder().withModel("ollama/llama3.2:3b").withKeepAlive("10m")
                .withMessage(OllamaChatMessageRole.USER, "Load. [[sim reply=\"ok\"]]").build(), null);
        // Workers report what Ollama has loaded with each status, every 2 s.
        ModelProcessesResult loaded = await().atMost(Duration.ofSeconds(15)).until(() -> ollama.ps(),
                ps -> ps.getModels().stream().anyMatch(model -> model.getName().equals("llama3.2:3b")));
        ModelProcessesResult.ModelProcess llama = loaded.getModels().stream().filter(model -> model.getName().equals("llama3.2:3b"))
                .findFirst().orElseThrow();
        assertThat(llama.getSizeVram()).isPositive();
        assertThat(llama.getExpiresAt()).isNotBlank();
    }

    @Test
    void anUnknownModelIsAnOllamaError() {
        assertThatThrownBy(() -> ollama.chat(OllamaChatRequest.builder().withModel("no-such-model")
                .withMessage(OllamaChatMessageRole.USER, "hi").build(), null))
                .isInstanceOf(OllamaException.class)
                .hasMessageContaining("no-such-model");
    }
}
