package dev.switchboard.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run measures and where it writes.
 *
 * @param gateway           the gateway's base address (Anthropic Messages API)
 * @param simulator         the backend simulator the gateway's Ollama pool uses (Ollama API)
 * @param model             the model both paths ask for
 * @param pool              the gateway pool forced with {@code pool/model}, so both paths reach the same simulator
 * @param concurrency       the levels: streams in flight on each path at once
 * @param tokens            reply length, tokens {@code w1 … wN}
 * @param requestsPerLevel  requests per path and level, at least; a level runs at least {@code rounds} rounds of its slots
 * @param ttftMs            the simulator's time to first token, asked for by directive on both paths
 * @param tokensPerSecond   the simulator's token rate, asked for by directive on both paths
 * @param rounds            each slot runs at least this many requests per path in a level, so busy levels last long enough
 * @param warmup            requests per path before the first level, not counted
 * @param interleave        how a slot mixes the paths
 * @param pauseMs           quiet time between levels
 * @param runDir            the suite's run dir, whose {@code pids/} name the processes to watch
 * @param out               the results folder
 * @param clockTicks        the kernel's clock ticks per second ({@code getconf CLK_TCK}), for /proc CPU times
 * @param peer              a third path, another router in front of the same simulator that speaks Anthropic's
 *                          Messages API ({@code --peer ccr=http://127.0.0.1:3456}), or {@code null}
 * @param peerModel         the model the peer path asks for (the peer's own {@code provider,model} naming)
 * @param processes         more processes to watch than the suite's run dir names ({@code --process kafka=1234}):
 *                          the infrastructure and the peer's process
 * @param resumable         whether the gateway path asks for resumable generations ({@code --resumable}): the
 *                          worker then also appends every event to the job's Redis Stream, which this measures
 * @param body              a captured Anthropic request ({@code --body FILE}: the request itself, or a capture
 *                          holding it under {@code body}) that the gateway and the peer send instead of a one-line
 *                          prompt, or {@code null}; see {@link StreamProtocol.Anthropic}
 * @param keys              whether the gateway path sends an API key ({@code --keys}), read from the environment
 *                          variable {@value #KEY_VARIABLE} so that it shows in no process list: what keys on costs
 */
public record BenchOptions(URI gateway, URI simulator, String model, String pool, List<Integer> concurrency, int tokens,
                           int requestsPerLevel, int ttftMs, double tokensPerSecond, int rounds, int warmup, Interleave interleave,
                           long pauseMs, Path runDir, Path out, long clockTicks, Peer peer, String peerModel,
                           Map<String, Long> processes, boolean resumable, Path body, boolean keys) {

    /** Where {@code --keys} finds the key the gateway path sends. */
    public static final String KEY_VARIABLE = "SWITCHBOARD_BENCH_KEY";

    /** A peer router: its label in reports (also the name of its process) and its base address. */
    public record Peer(String label, URI base) {
    }

    /**
     * How each client slot mixes the two paths.
     * {@code PAIRED}: a slot starts one direct and one gateway request at the same instant and waits for both,
     * so each path has {@code concurrency} streams in flight and both see the same moments of the machine.
     * {@code ALTERNATE}: a slot runs them one after the other, the order flipping every pair, so the
     * level's streams are split between the paths (concurrency 1 is then strictly sequential).
     * {@code AUTO}: alternate at concurrency 1 (sequential, one request in flight), paired above.
     */
    public enum Interleave {
        PAIRED, ALTERNATE, AUTO;

        /** The mode a level runs in. */
        public Interleave at(int concurrency) {
            return this != AUTO ? this : concurrency == 1 ? ALTERNATE : PAIRED;
        }
    }

    static final String USAGE = """
            usage: Main [--concurrency 1,16,64,256] [--tokens 64] [--requests-per-level 60] [--ttft-ms 20] [--tps 200]
                        [--rounds 3] [--warmup 200] [--interleave auto|paired|alternate] [--pause-ms 2000] [--gateway http://127.0.0.1:4000]
                        [--simulator http://127.0.0.1:4010] [--model qwen2.5-coder:7b] [--pool ollama]
                        [--run-dir .run] [--out bench/results] [--clock-ticks 100]
                        [--peer ccr=http://127.0.0.1:3456] [--peer-model simulator,qwen2.5-coder:7b]
                        [--process name=pid]... [--resumable] [--keys] [--body captured-request.json]""";

    /** @throws IllegalArgumentException naming the argument to fix */
    public static BenchOptions parse(String... args) {
        URI gateway = URI.create("http://127.0.0.1:4000");
        URI simulator = URI.create("http://127.0.0.1:4010");
        String model = "qwen2.5-coder:7b";
        String pool = "ollama";
        List<Integer> concurrency = List.of(1, 16, 64, 256);
        // A short coding-assistant reply at a fast local backend's pace: 64 tokens, 20 ms to the first, 5 ms apart.
        int tokens = 64;
        int requests = 60;
        int ttftMs = 20;
        double tps = 200;
        // Enough for the JIT to compile the hot paths: with 32, the sequential level still ran partly interpreted.
        int warmup = 200;
        int rounds = 3;
        Interleave interleave = Interleave.AUTO;
        long pauseMs = 2000;
        Path runDir = Path.of(".run");
        Path out = Path.of("bench/results");
        long clockTicks = 100;
        Peer peer = null;
        String peerModel = null;
        Map<String, Long> processes = new LinkedHashMap<>();
        boolean resumable = false;
        Path body = null;
        boolean keys = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (name.equals("--resumable")) {
                resumable = true;
                continue;
            }
            if (name.equals("--keys")) {
                keys = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            try {
                switch (name) {
                    case "--gateway" -> gateway = URI.create(value);
                    case "--simulator" -> simulator = URI.create(value);
                    case "--model" -> model = value;
                    case "--pool" -> pool = value;
                    case "--concurrency" -> concurrency = levels(value);
                    case "--tokens" -> tokens = positive(name, Integer.parseInt(value));
                    case "--requests-per-level" -> requests = positive(name, Integer.parseInt(value));
                    case "--ttft-ms" -> ttftMs = Math.max(0, Integer.parseInt(value));
                    case "--tps" -> tps = Double.parseDouble(value);
                    case "--rounds" -> rounds = positive(name, Integer.parseInt(value));
                    case "--warmup" -> warmup = Math.max(0, Integer.parseInt(value));
                    case "--interleave" -> interleave = Interleave.valueOf(value.toUpperCase());
                    case "--pause-ms" -> pauseMs = Math.max(0, Long.parseLong(value));
                    case "--run-dir" -> runDir = Path.of(value);
                    case "--out" -> out = Path.of(value);
                    case "--clock-ticks" -> clockTicks = positive(name, Integer.parseInt(value));
                    case "--peer" -> peer = new Peer(before(name, value), URI.create(after(value)));
                    case "--peer-model" -> peerModel = value;
                    case "--process" -> processes.put(before(name, value), Long.parseLong(after(value)));
                    case "--body" -> body = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown argument " + name + "\n" + USAGE);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " wants a number, got '" + value + "'");
            }
        }
        if (!(tps > 0)) {
            throw new IllegalArgumentException("--tps must be > 0: the harness paces both paths the same way");
        }
        if (peer != null && peerModel == null) {
            throw new IllegalArgumentException("--peer needs --peer-model: the model name the peer routes to the simulator");
        }
        return new BenchOptions(gateway, simulator, model, pool, concurrency, tokens, requests, ttftMs, tps, rounds, warmup,
                interleave, pauseMs, runDir, out, clockTicks, peer, peerModel, java.util.Collections.unmodifiableMap(processes),
                resumable, body, keys);
    }

    /** {@code name} of {@code name=value}. */
    private static String before(String option, String pair) {
        int eq = pair.indexOf('=');
        if (eq <= 0 || eq == pair.length() - 1) {
            throw new IllegalArgumentException(option + " wants name=value, got '" + pair + "'");
        }
        return pair.substring(0, eq);
    }

    private static String after(String pair) {
        return pair.substring(pair.indexOf('=') + 1);
    }

    /** The directive both paths put in their prompt. */
    public String directive() {
        return "[[sim tokens=" + tokens + " ttft_ms=" + ttftMs + " tps=" + tokensPerSecond + "]]";
    }

    /** How long one request should take when nothing adds latency. */
    public long expectedMillis() {
        return ttftMs + Math.round(1000.0 * tokens / tokensPerSecond);
    }

    /** Requests per path at a level: the asked number, and at least {@code rounds} rounds of all slots. */
    public int requestsAt(int level) {
        return Math.max(requestsPerLevel, rounds * level);
    }

    private static List<Integer> levels(String value) {
        List<Integer> levels = new ArrayList<>();
        for (String part : value.split(",")) {
            levels.add(positive("--concurrency", Integer.parseInt(part.strip())));
        }
        return List.copyOf(levels);
    }

    private static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "concurrency " + concurrency + ", " + tokens + " tokens at " + tokensPerSecond + " tokens/s after "
                + ttftMs + " ms, >= " + requestsPerLevel + " requests per path and level, " + interleave.name().toLowerCase()
                + ", warm-up " + warmup + " " + Arrays.asList(gateway, simulator)
                + (peer == null ? "" : ", peer " + peer.label() + " " + peer.base())
                + (body == null ? "" : ", body " + body)
                + (resumable ? ", resumable" : "") + (keys ? ", keys on (the gateway path sends an API key)" : "");
    }
}
