package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * The load harness: the backend simulator called directly (Ollama protocol), through the gateway
 * (Anthropic protocol) and, when asked, through a peer router (Anthropic protocol too), interleaved, at each
 * concurrency level; writes bench.md, bench.json and bench.svg. Started by scripts/bench.sh against a running suite.
 */
public final class Main {

    static final String GATEWAY = "api-gateway";
    static final String WORKER = "worker-ollama";
    static final String SIMULATOR = "simulator-ollama";
    static final String HARNESS = "bench (this harness)";
    /** Names scripts/bench.sh gives the shared infrastructure's processes; they serve the gateway path. */
    static final List<String> INFRASTRUCTURE = List.of("kafka", "redis");
    /**
     * The services that store the gateway path's completion records: counted in its CPU per request, not in its
     * CPU per relayed token (which stays gateway, worker, Kafka and Redis, comparable with earlier runs).
     */
    static final List<String> RECORDS = List.of("session-service", "metrics-service");

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
        List<StreamClient> paths = new ArrayList<>();
        paths.add(new StreamClient(vertx, options.simulator(), new StreamProtocol.OllamaDirect(), options.model(),
                maxLevel + 8, idleTimeout));
        ObjectNode captured = options.body() == null ? null : StreamProtocol.Anthropic.captured(options.body());
        String apiKey = options.keys() ? System.getenv(BenchOptions.KEY_VARIABLE) : null;
        if (options.keys() && (apiKey == null || apiKey.isBlank())) {
            log("--keys needs the key to send in " + BenchOptions.KEY_VARIABLE + " (scripts/bench.sh --keys makes one)");
            return 2;
        }
        paths.add(new StreamClient(vertx, options.gateway(), new StreamProtocol.Anthropic("gateway", options.resumable(), captured, apiKey),
                options.pool() + "/" + options.model(), maxLevel + 8, idleTimeout));
        if (options.peer() != null) {
            paths.add(new StreamClient(vertx, options.peer().base(), new StreamProtocol.Anthropic(options.peer().label(), false, captured, null),
                    options.peerModel(), maxLevel + 8, idleTimeout));
        }
        try (ProcessSampler sampler = new ProcessSampler(pids(), options.clockTicks())) {
            LevelRunner runner = new LevelRunner(vertx, paths, options);
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
                        processPaths(), simulatorCounts());
                levels.add(level);
                log(line(level));
            }
            RunReport report = new RunReport(started, RunReport.Machine.current(), RunReport.Settings.of(options), levels);
            write(report);
            return 0;
        } finally {
            paths.forEach(StreamClient::close);
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** One request on each path; the gateway may need a few seconds after start to see the worker's first status. */
    private boolean probe(LevelRunner runner) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            LevelRunner.Outcome probe = runner.run("probe", 1, 1);
            List<String> failures = new ArrayList<>();
            probe.results().forEach((path, results) -> results.stream().filter(r -> !r.ok())
                    .forEach(r -> failures.add(path + ": " + r.error())));
            if (failures.isEmpty()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                log("the paths do not answer as expected; " + String.join("; ", failures));
                return false;
            }
            Thread.sleep(1000);
        }
    }

    private static LevelResult result(int concurrency, BenchOptions.Interleave interleave, int requests,
                                      LevelRunner.Outcome outcome, Map<String, ProcessSampler.Usage> usage,
                                      Map<String, String> processPaths, LevelResult.SimulatorCounts simulator) {
        Map<String, PathStats> stats = new LinkedHashMap<>();
        outcome.results().forEach((path, results) -> stats.put(path,
                PathStats.of(path, results, outcome.windowFromNanos(), outcome.windowToNanos())));
        PathStats direct = stats.get("direct");
        PathStats gateway = stats.get("gateway");
        PathStats peer = stats.values().stream().filter(p -> p != direct && p != gateway).findFirst().orElse(null);
        Map<String, Double> cpuPerToken = new LinkedHashMap<>();
        Map<String, Double> cpuPerRequest = new LinkedHashMap<>();
        processPaths.forEach((process, path) -> {
            ProcessSampler.Usage u = usage.get(process);
            PathStats served = stats.get(path);
            if (u != null && served != null && served.tokensReceived() > 0 && !RECORDS.contains(process)) {
                cpuPerToken.put(process, u.cpuSeconds() * 1e6 / served.tokensReceived());
            }
            if (u != null && served != null && served.ok() > 0) {
                cpuPerRequest.put(process, u.cpuSeconds() * 1e6 / served.ok());
            }
        });
        return new LevelResult(concurrency, interleave.name().toLowerCase(), requests,
                (outcome.endNanos() - outcome.startNanos()) / 1e9,
                (outcome.windowToNanos() - outcome.windowFromNanos()) / 1e9, direct, gateway,
                LevelResult.Added.of(direct, gateway), peer, peer == null ? null : LevelResult.Added.of(direct, peer),
                usage, cpuPerToken, processPaths, simulator, cpuPerRequest);
    }

    /** The processes that serve one path only: the suite's and the infrastructure's serve the gateway, the peer its own. */
    private Map<String, String> processPaths() {
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put(GATEWAY, "gateway");
        paths.put(WORKER, "gateway");
        INFRASTRUCTURE.forEach(name -> paths.put(name, "gateway"));
        RECORDS.forEach(name -> paths.put(name, "gateway"));
        if (options.peer() != null) {
            paths.put(options.peer().label(), options.peer().label());
        }
        return paths;
    }

    /** The suite's processes from its run dir, and this harness itself (it shares the cores). */
    private Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String name : List.of(GATEWAY, WORKER, SIMULATOR, RECORDS.get(0), RECORDS.get(1))) {
            Path file = options.runDir().resolve("pids").resolve(name + ".pid");
            try {
                pids.put(name, Long.parseLong(Files.readString(file).strip()));
            } catch (IOException | NumberFormatException e) {
                log("no pid for " + name + " in " + file + "; its CPU and memory are not reported");
            }
        }
        pids.putAll(options.processes());
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
        String peer = "";
        if (level.peer() != null) {
            LevelResult.Added p = level.peerAdded();
            peer = String.format(Locale.ROOT, "; %s: added TTFT p50 %.2f p99 %.2f ms, ITL p99 %.2f ms, %,.0f tokens/s, "
                            + "%.0f µs CPU per token, errors %d", level.peer().path(), p.ttftP50(), p.ttftP99(),
                    p.interTokenP99(), level.peer().tokensPerSecond(), level.pathCpuPerToken(level.peer().path()),
                    level.peer().failed());
        }
        return String.format(Locale.ROOT, "  c=%d: gateway: added TTFT p50 %.2f p95 %.2f p99 %.2f ms, ITL p50 %.3f p99 %.2f ms; "
                        + "%,.0f tokens/s relayed (direct %,.0f); %.0f µs CPU per token; errors %d/%d%s; %.1f s",
                level.concurrency(), a.ttftP50(), a.ttftP95(), a.ttftP99(), a.interTokenP50(), a.interTokenP99(),
                level.gateway().tokensPerSecond(), level.direct().tokensPerSecond(), level.pathCpuPerToken("gateway"),
                level.direct().failed(), level.gateway().failed(), peer, level.wallSeconds());
    }

    private static void log(String message) {
        System.err.println("[bench] " + message);
    }

}
