package dev.switchboard.gateway.routing;

import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.contract.worker.WorkerStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutePlannerTest {

    private static final String CODER = "qwen2.5-coder:7b";
    private static final String SMALL = "llama3.2:3b";
    private static final String MLX_CODER = "mlx-community/Qwen2.5-Coder-7B-Instruct-4bit";

    private final RoutePlanner planner = new RoutePlanner(
            new ModelAliases(Map.of("gpt-4*", CODER, "tiny", "tinyllama"), CODER, SMALL), Set.of("tinyllama"));

    private static WorkerStatus worker(String id, String pool, boolean reachable, int inFlight, int capacity, String... models) {
        return new WorkerStatus(SchemaVersion.CURRENT, id, pool, pool.equals("mlx") ? "openai" : "ollama",
                "http://" + id + ":1", reachable,
                Arrays.stream(models).map(name -> new ModelInfo(name, 32768, Set.of())).toList(), inFlight, capacity, Instant.now());
    }

    private static Fleet fleet(List<WorkerStatus> workers, Map<String, Integer> outstanding) {
        return new Fleet(workers, workers.stream().map(WorkerStatus::pool).collect(Collectors.toSet()),
                workers.stream().flatMap(w -> w.models().stream()).map(ModelInfo::name).collect(Collectors.toSet()), outstanding);
    }

    private static Fleet fleet(WorkerStatus... workers) {
        return fleet(List.of(workers), Map.of());
    }

    private RoutingException.Kind refusal(String model, Fleet fleet) {
        try {
            planner.plan(model, fleet);
        } catch (RoutingException e) {
            return e.kind();
        }
        throw new AssertionError("routed " + model);
    }

    @Test
    void claudeNamesAndPatternsResolveThroughAliases() {
        Fleet fleet = fleet(worker("a", "ollama", true, 0, 1, CODER, SMALL));
        assertThat(planner.plan("claude-sonnet-4-5-20250929", fleet)).isEqualTo(new Route("claude-sonnet-4-5-20250929", CODER, "ollama"));
        assertThat(planner.plan("claude-haiku-4-5", fleet).model()).isEqualTo(SMALL);
        assertThat(planner.plan("gpt-4o", fleet).model()).isEqualTo(CODER);
        assertThat(planner.plan(SMALL, fleet).model()).isEqualTo(SMALL);
    }

    @Test
    void theLeastLoadedPoolServingTheModelWins() {
        Fleet fleet = fleet(worker("o", "ollama", true, 1, 2, CODER), worker("m", "mlx", true, 0, 2, CODER));
        assertThat(planner.plan(CODER, fleet).pool()).isEqualTo("mlx");
        Fleet busierMlx = fleet(worker("o", "ollama", true, 0, 2, CODER), worker("m", "mlx", true, 2, 2, CODER));
        assertThat(planner.plan(CODER, busierMlx).pool()).isEqualTo("ollama");
    }

    @Test
    void aPoolsLoadCountsAllItsWorkers() {
        Fleet fleet = fleet(worker("o1", "ollama", true, 1, 1, CODER), worker("o2", "ollama", true, 0, 1, CODER),
                worker("m", "mlx", true, 1, 1, CODER));
        assertThat(planner.plan(CODER, fleet).pool()).isEqualTo("ollama");
    }

    @Test
    void jobsThisGatewaySentCountBeforeTheWorkersReportThem() {
        List<WorkerStatus> idle = List.of(worker("o", "ollama", true, 0, 1, CODER), worker("m", "mlx", true, 0, 3, CODER));
        Map<String, Integer> outstanding = new HashMap<>();
        Map<String, Integer> sent = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            String pool = planner.plan(CODER, fleet(idle, outstanding)).pool();
            outstanding.merge(pool, 1, Integer::sum);
            sent.merge(pool, 1, Integer::sum);
        }
        // In proportion to capacity, 1 : 3.
        assertThat(sent).containsEntry("ollama", 10).containsEntry("mlx", 30);
    }

    @Test
    void onATieThePoolWithMoreFreeSlotsWins() {
        Fleet fleet = fleet(worker("o", "ollama", true, 0, 1, CODER), worker("m", "mlx", true, 0, 3, CODER));
        assertThat(planner.plan(CODER, fleet).pool()).isEqualTo("mlx");
    }

    @Test
    void aPoolPrefixForcesThePool() {
        Fleet fleet = fleet(worker("o", "ollama", true, 5, 1, CODER), worker("m", "mlx", true, 0, 1, CODER, MLX_CODER));
        assertThat(planner.plan("ollama/" + CODER, fleet)).isEqualTo(new Route("ollama/" + CODER, CODER, "ollama"));
        assertThat(planner.plan("mlx/" + MLX_CODER, fleet)).isEqualTo(new Route("mlx/" + MLX_CODER, MLX_CODER, "mlx"));
        assertThat(planner.plan("ollama/claude-sonnet-4-5", fleet).pool()).isEqualTo("ollama");
    }

    @Test
    void aSlashInAModelNameIsNotAPoolPrefix() {
        Fleet fleet = fleet(worker("m", "mlx", true, 0, 1, MLX_CODER));
        assertThat(planner.plan(MLX_CODER, fleet)).isEqualTo(new Route(MLX_CODER, MLX_CODER, "mlx"));
    }

    @Test
    void aForcedPoolThatDoesNotServeTheModelIsNotFoundAndSaysWhereItIs() {
        Fleet fleet = fleet(worker("o", "ollama", true, 0, 1, SMALL), worker("m", "mlx", true, 0, 1, CODER));
        assertThatThrownBy(() -> planner.plan("ollama/" + CODER, fleet))
                .isInstanceOf(RoutingException.class)
                .hasMessageContaining("pool 'ollama' does not serve model '" + CODER + "'").hasMessageContaining("mlx");
        assertThat(refusal("ollama/" + CODER, fleet)).isEqualTo(RoutingException.Kind.UNKNOWN_MODEL);
    }

    @Test
    void aForcedPoolWithNoLiveWorkerIsOverloaded() {
        Fleet fleet = new Fleet(List.of(worker("o", "ollama", true, 0, 1, CODER)), Set.of("ollama", "mlx"), Set.of(CODER), Map.of());
        assertThat(refusal("mlx/" + CODER, fleet)).isEqualTo(RoutingException.Kind.NO_LIVE_WORKER);
    }

    @Test
    void unreachableBackendsGetNothing() {
        Fleet fleet = fleet(worker("o", "ollama", false, 0, 4, CODER), worker("m", "mlx", true, 3, 1, CODER));
        assertThat(planner.plan(CODER, fleet).pool()).isEqualTo("mlx");
        assertThat(refusal(CODER, fleet(worker("o", "ollama", false, 0, 4, CODER)))).isEqualTo(RoutingException.Kind.NO_LIVE_WORKER);
    }

    @Test
    void aKnownModelWhoseWorkersStoppedReportingIsOverloadedNotUnknown() {
        Fleet fleet = new Fleet(List.of(worker("o", "ollama", true, 0, 1, SMALL)), Set.of("ollama", "mlx"), Set.of(SMALL, CODER), Map.of());
        assertThatThrownBy(() -> planner.plan(CODER, fleet)).hasMessageContaining("no live worker")
                .extracting(e -> ((RoutingException) e).kind()).isEqualTo(RoutingException.Kind.NO_LIVE_WORKER);
    }

    @Test
    void noWorkerAtAllIsOverloaded() {
        assertThat(refusal(CODER, fleet())).isEqualTo(RoutingException.Kind.NO_LIVE_WORKER);
    }

    @Test
    void anUnknownModelIsNotFoundAndTheMessageListsTheListedModels() {
        Fleet fleet = fleet(worker("o", "ollama", true, 0, 1, CODER, "tinyllama"));
        assertThatThrownBy(() -> planner.plan("mistral:7b", fleet))
                .hasMessageContaining("'mistral:7b' not found").hasMessageContaining(CODER).hasMessageNotContaining("tinyllama")
                .extracting(e -> ((RoutingException) e).kind()).isEqualTo(RoutingException.Kind.UNKNOWN_MODEL);
    }

    @Test
    void aHiddenModelIsServedByItsExactNameButNeverThroughAnAliasAndNeverListed() {
        Fleet fleet = fleet(worker("o", "ollama", true, 0, 1, CODER, "tinyllama"));
        assertThat(planner.plan("tinyllama", fleet).model()).isEqualTo("tinyllama");
        assertThatThrownBy(() -> planner.plan("tiny", fleet)).hasMessageContaining("hidden")
                .extracting(e -> ((RoutingException) e).kind()).isEqualTo(RoutingException.Kind.UNKNOWN_MODEL);
        assertThat(planner.listed("tinyllama")).isFalse();
        assertThat(planner.listed(CODER)).isTrue();
    }

    @Test
    void aCloudModelNoWorkerOffersIsForbiddenAndTheMessageNamesTheSetting() {
        Fleet fleet = fleet(worker("o", "ollama", true, 0, 1, CODER));
        for (String cloud : List.of("gpt-oss:120b-cloud", "glm-4.6:cloud", "ollama/kimi-k2:1t-cloud")) {
            assertThatThrownBy(() -> planner.plan(cloud, fleet))
                    .hasMessageContaining("SWITCHBOARD_WORKER_ALLOW_CLOUD_MODELS=true")
                    .extracting(e -> ((RoutingException) e).kind()).isEqualTo(RoutingException.Kind.FORBIDDEN);
        }
    }

    @Test
    void aCloudModelAWorkerOffersWasAllowedByItsOperator() {
        Fleet fleet = fleet(worker("o", "ollama", true, 0, 1, "glm-4.6:cloud"));
        assertThat(planner.plan("glm-4.6:cloud", fleet).pool()).isEqualTo("ollama");
    }
}
