package dev.switchboard.gateway.models;

import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.contract.worker.WorkerStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OperationTargetsTest {

    private static final Set<String> POOLS = Set.of("ollama", "gpu", "mlx");

    // Two workers in front of one Ollama, one in front of another, one in front of mlx_lm.server.
    private static final WorkerStatus OLLAMA_A1 = worker("a1", "ollama", "ollama", "http://10.0.0.1:11434", true, 1, List.of("qwen3:8b"));
    private static final WorkerStatus OLLAMA_A2 = worker("a2", "ollama", "ollama", "http://10.0.0.1:11434/", true, 0, List.of("qwen3:8b"));
    private static final WorkerStatus GPU_B = worker("b", "gpu", "ollama", "http://10.0.0.2:11434", true, 0, List.of("llama3.2:latest"));
    private static final WorkerStatus MLX = worker("m", "mlx", "openai", "http://10.0.0.3:8080", true, 0,
            List.of("mlx-community/Qwen3-8B-4bit"));
    private static final List<WorkerStatus> FLEET = List.of(OLLAMA_A1, OLLAMA_A2, GPU_B, MLX);

    static Stream<Arguments> everyServer() {
        return Stream.of(
                Arguments.of("a bare name: every Ollama server once, through its least busy worker", "smollm2",
                        "smollm2", List.of("a2", "b")),
                Arguments.of("pool/model: that pool's servers", "gpu/smollm2", "smollm2", List.of("b")),
                Arguments.of("an OpenAI-compatible pool is asked too, and answers that it cannot", "mlx/some-model",
                        "some-model", List.of("m")),
                Arguments.of("a prefix that is no pool is part of the name", "library/smollm2", "library/smollm2",
                        List.of("a2", "b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void everyServer(String name, String requested, String model, List<String> workers) {
        OperationTargets.Plan plan = OperationTargets.everyServer(requested, FLEET, POOLS);

        assertThat(plan.model()).isEqualTo(model);
        assertThat(plan.workers()).extracting(WorkerStatus::workerId).containsExactlyInAnyOrderElementsOf(workers);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void oneServing(String requested, String model, String worker) {
        OperationTargets.Plan plan = OperationTargets.oneServing(requested, FLEET, POOLS);

        assertThat(plan.model()).isEqualTo(model);
        assertThat(plan.workers()).extracting(WorkerStatus::workerId).containsExactly(worker);
    }

    static Stream<Arguments> oneServing() {
        return Stream.of(
                Arguments.of("qwen3:8b", "qwen3:8b", "a2"),
                Arguments.of("llama3.2", "llama3.2:latest", "b"),
                Arguments.of("mlx/mlx-community/Qwen3-8B-4bit", "mlx-community/Qwen3-8B-4bit", "m"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void refusals(String name, List<WorkerStatus> fleet, String requested, boolean show, ErrorType type, String message) {
        assertThatThrownBy(() -> {
            if (show) {
                OperationTargets.oneServing(requested, fleet, POOLS);
            } else {
                OperationTargets.everyServer(requested, fleet, POOLS);
            }
        }).isInstanceOfSatisfying(ModelOperationException.class, failure -> {
            assertThat(failure.type()).isEqualTo(type);
            assertThat(failure.getMessage()).isEqualTo(message);
        });
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("no Ollama worker", List.of(MLX), "smollm2", false, ErrorType.OVERLOADED,
                        "no Ollama server is running: start an Ollama worker and its Ollama"),
                Arguments.of("no worker of the pool", List.of(OLLAMA_A1), "gpu/smollm2", false, ErrorType.OVERLOADED,
                        "no worker of pool 'gpu' is running: start one and its backend"),
                Arguments.of("a model no worker serves", FLEET, "nope:1b", true, ErrorType.NOT_FOUND, "model 'nope:1b' not found"),
                Arguments.of("served, but not in the pool named", FLEET, "gpu/qwen3:8b", true, ErrorType.NOT_FOUND,
                        "model 'qwen3:8b' not found"));
    }

    private static WorkerStatus worker(String id, String pool, String kind, String url, boolean reachable, int inFlight,
                                       List<String> models) {
        return new WorkerStatus(SchemaVersion.CURRENT, id, pool, kind, url, reachable,
                models.stream().map(name -> new ModelInfo(name, 8192, Set.of())).toList(), inFlight, 1, Instant.now());
    }
}
