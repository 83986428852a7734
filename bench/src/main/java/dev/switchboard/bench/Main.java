package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load harness: the backend simulator called directly (Ollama protocol) and through the gateway
 * (Anthropic protocol), interleaved, at each concurrency level; writes bench.md, bench.json and bench.svg.
 * Started by scripts/bench.sh against a running suite.
 */
public final class Main {

    static final String GATEWAY = "api-gateway";
    static final String WORKER = "worker-ollama";
    static final String SIMULATOR = "simulator-ollama";
    static final String HARNESS = "bench (this harness)";

    private final BenchOptions options;
    private final HttpClient control = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Main(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--render")) {
            // Re-writes bench.md and bench.svg next to an earlier run's bench.json, without running anything.
            Path json = Path.of(args[1]);
            RunReport report = new ObjectMapper().readValue(json.toFile(), RunReport.class);
            Files.writeString(json.resolveSibling("bench.md"), MarkdownReport.render(report));
            Files.writeString(json.resolveSibling("bench.svg"), SvgChart.render(report));
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new Main(options).run());
    }

    private int run() throws Exception {
        log("bench: " + options);
        int maxLevel = options.concurrency().stream().mapToInt(Integer::intValue).max().orElse(1);
        long idleTimeout = Math.max(30_000, 3 * options.expectedMillis());
        Vertx vertx = Vertx.vertx();
        try (StreamClient direct = new StreamClient(vertx, options.simulator(), new StreamProtocol.OllamaDirect(),
                     options.model(), maxLevel + 8, idleTimeout);
             StreamClient gateway = new StreamClient(vertx, options.gateway(), new StreamProtocol.AnthropicGateway(),
                     options.pool() + "/" + options.model(), maxLevel + 8, idleTimeout);
             ProcessSampler sampler = new ProcessSampler(pids(), options.clockTicks())) {
            LevelRunner runner = new LevelRunner(vertx, direct, gateway, options);
            String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

            if (!probe(runner)) {
                return 1;
            }
            if (options.warmup() > 0) {
                int level = Math.min(16, maxLevel);
                log("warm-up: " + options.warmup() + " requests per path at concurrency " + level);
                runner.run("warmup", level, options.warmup());
            }
            List<LevelResult> levels = new ArrayList<>();
            for (int concurrency : options.concurrency()) {
                Thread.sleep(options.pauseMs());
                int requests = options.requestsAt(concurrency);
                log("level " + concurrency + ": " + requests + " requests per path");
                resetSimulator();
                sampler.begin();
                LevelRunner.Outcome outcome = runner.run("c" + concurrency, concurrency, requests);
                Map<String, ProcessSampler.Usage> usage = sampler.end();
                LevelResult level = result(concurrency, options.interleave().at(concurrency), requests, outcome, usage,
                        simulatorCounts());
                levels.add(level);
                log(line(level));
            }
            RunReport report = new RunReport(started, RunReport.Machine.current(), RunReport.Settings.of(options), levels);
            write(report);
            return 0;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** One request on each path; the gateway may need a few seconds after start to see the worker's first status. */
    private boolean probe(LevelRunner runner) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            LevelRunner.Outcome probe = runner.run("probe", 1, 1);
            StreamResult direct = probe.direct().getFirst();
            StreamResult gateway = probe.gateway().getFirst();
            if (direct.ok() && gateway.ok()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                log("the suite does not answer as expected; direct: " + direct.error() + "; gateway: " + gateway.error());
                return false;
            }
            Thread.sleep(1000);
        }
    }

    private static LevelResult result(int concurrency, BenchOptions.Interleave interleave, int requests,
                                      LevelRunner.Outcome outcome, Map<String, ProcessSampler.Usage> usage,
                                      LevelResult.SimulatorCounts simulator) {
        PathStats direct = PathStats.of("direct", outcome.direct(), outcome.windowFromNanos(), outcome.windowToNanos());
        PathStats gateway = PathStats.of("gateway", outcome.gateway(), outcome.windowFromNanos(), outcome.windowToNanos());
        return new LevelResult(concurrency, interleave.name().toLowerCase(), requests,
                (outcome.endNanos() - outcome.startNanos()) / 1e9,
                (outcome.windowToNanos() - outcome.windowFromNanos()) / 1e9, direct, gateway,
                LevelResult.Added.of(direct, gateway), usage, simulator);
    }

    /** The suite's processes from its run dir, and this harness itself (it shares the cores). */
    private Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String name : List.of(GATEWAY, WORKER, SIMULATOR)) {
            Path file = options.runDir().resolve("pids").resolve(name + ".pid");
            try {
                pids.put(name, Long.parseLong(Files.readString(file).strip()));
            } catch (IOException | NumberFormatException e) {
                log("no pid for " + name + " in " + file + "; its CPU and memory are not reported");
            }
        }
        pids.put(HARNESS, ProcessHandle.current().pid());
        return pids;
    }

    private void resetSimulator() {
        try {
            control.send(HttpRequest.newBuilder(options.simulator().resolve("/simulator/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            log("could not reset the simulator's counters: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private LevelResult.SimulatorCounts simulatorCounts() {
        try {
            HttpResponse<String> response = control.send(
                    HttpRequest.newBuilder(options.simulator().resolve("/simulator/stats")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode stats = StreamProtocol.JSON.readTree(response.body());
            return new LevelResult.SimulatorCounts(stats.path("tokensEmitted").asLong(-1),
                    stats.path("completedStreams").asLong(-1), stats.path("disconnects").asLong(-1),
                    stats.path("dropped").asLong(-1));
        } catch (IOException e) {
            log("could not read the simulator's counters: " + e);
            return LevelResult.SimulatorCounts.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LevelResult.SimulatorCounts.UNKNOWN;
        }
    }

    private void write(RunReport report) throws IOException {
        Path out = options.out();
        Files.createDirectories(out);
        Files.writeString(out.resolve("bench.md"), MarkdownReport.render(report));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("bench.json").toFile(), report);
        Files.writeString(out.resolve("bench.svg"), SvgChart.render(report));
        System.out.println();
        System.out.println(MarkdownReport.summary(report));
        log("results: " + out.toAbsolutePath().resolve("bench.md") + ", bench.json, bench.svg");
    }

    private static String line(LevelResult level) {
        LevelResult.Added a = level.added();
        return String.format(Locale.ROOT, "  c=%d: added TTFT p50 %.2f p95 %.2f p99 %.2f ms, ITL p50 %.3f p99 %.2f ms; "
                        + "%,.0f tokens/s relayed; errors %d/%d; %.1f s", level.concurrency(), a.ttftP50(), a.ttftP95(),
                a.ttftP99(), a.interTokenP50(), a.interTokenP99(), level.gateway().tokensPerSecond(),
                level.direct().failed(), level.gateway().failed(), level.wallSeconds());
    }

    private static void log(String message) {
        System.err.println("[bench] " + message);
    }

}
