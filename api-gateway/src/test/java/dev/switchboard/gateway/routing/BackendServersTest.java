package dev.switchboard.gateway.routing;

import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.worker.Capability;
import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.contract.worker.WorkerStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class BackendServersTest {

    private static WorkerStatus worker(String id, String pool, String url, boolean reachable, int inFlight, int capacity, String... models) {
        return new WorkerStatus(SchemaVersion.CURRENT, id, pool, "ollama", url, reachable,
                java.util.Arrays.stream(models).map(name -> new ModelInfo(name, 4096, Set.of(Capability.TOOLS))).toList(),
                inFlight, capacity, Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void workersInFrontOfOneServerAreOneServerWithTheirLoadSummed() {
        List<BackendServers.Server> servers = BackendServers.of(List.of(
                worker("w2", "ollama", "http://gpu:11434/", true, 1, 2, "b", "a"),
                worker("w1", "ollama", "http://gpu:11434", true, 1, 2, "a"),
                worker("w3", "mlx", "http://mac:8080", false, 0, 1, "c", "hidden")), (model, pool) -> !model.equals("hidden"));

        assertThat(servers).extracting(BackendServers.Server::url).containsExactly("http://gpu:11434", "http://mac:8080");
        BackendServers.Server gpu = servers.getFirst();
        assertThat(gpu.healthy()).isTrue();
        assertThat(gpu.inFlight()).isEqualTo(2);
        assertThat(gpu.capacity()).isEqualTo(4);
        assertThat(gpu.load()).isEqualTo(0.5);
        assertThat(gpu.pools()).containsExactly("ollama");
        assertThat(gpu.workers()).extracting(BackendServers.Worker::id).containsExactly("w1", "w2");
        assertThat(gpu.models()).extracting(BackendServers.Model::name).containsExactly("a", "b");
        BackendServers.Server mac = servers.get(1);
        assertThat(mac.healthy()).isFalse();
        assertThat(mac.models()).extracting(BackendServers.Model::name).containsExactly("c");
    }

    @Test
    void onlyTheModelsShownOfEachWorkersPoolAreListed() {
        List<BackendServers.Server> servers = BackendServers.of(List.of(
                worker("w1", "ollama", "http://gpu:11434", true, 0, 1, "a", "b"),
                worker("w2", "mlx", "http://gpu:11434", true, 0, 1, "a", "c")), (model, pool) -> pool.equals("mlx") || model.equals("b"));

        assertThat(servers.getFirst().models()).extracting(BackendServers.Model::name).containsExactly("a", "b", "c");
        assertThat(BackendServers.of(List.of(worker("w1", "ollama", "http://gpu:11434", true, 0, 1, "a", "b")),
                (model, pool) -> pool.equals("mlx")).getFirst().models()).isEmpty();
    }

    @Test
    void aModelIsLoadedWhenTheLatestWordOfAnyWorkerOfItsServerSaysSo() {
        ModelInfo.Loaded resident = new ModelInfo.Loaded(8192, 1_000_000L, Instant.parse("2026-01-01T00:30:00Z"));
        WorkerStatus saysLoaded = new WorkerStatus(SchemaVersion.CURRENT, "w1", "ollama", "ollama", "http://gpu:11434", true,
                List.of(new ModelInfo("a", 32768, Set.of()).withLoaded(resident), new ModelInfo("b", 32768, Set.of())),
                0, 1, Instant.parse("2026-01-01T00:00:00Z"));

        List<BackendServers.Model> models = BackendServers.of(List.of(worker("w0", "ollama", "http://gpu:11434", true, 0, 1, "a", "b"),
                saysLoaded), (model, pool) -> true).getFirst().models();

        assertThat(models).extracting(BackendServers.Model::name, BackendServers.Model::loaded,
                        BackendServers.Model::loadedContextLength, BackendServers.Model::loadedUntil)
                .containsExactly(tuple("a", true, 8192, resident.expiresAt()),
                        tuple("b", false, null, null));
    }
}
