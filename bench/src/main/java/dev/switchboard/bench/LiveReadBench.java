package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a gateway should read a resumable generation's live events: from Redis pub/sub (the worker
 * publishes each event and also appends it to the job's stream) or from the job's stream itself
 * with {@code XREAD BLOCK} (the worker only appends). A writer plays the workers: one pipelined
 * connection, {@code G} generations at once, one event every {@code --gap-ms} each, shaped like a
 * text delta. The reader plays the gateway, alone on one event loop, so the CPU of that thread is
 * the gateway's reading cost. Three readers:
 * <ul>
 *   <li>{@code pubsub}: one subscription to the gateway's reply channel, events dispatched by job id;</li>
 *   <li>{@code xread-each}: one connection per generation, each looping on {@code XREAD BLOCK} (how
 *       re-attached clients are followed today);</li>
 *   <li>{@code xread-all}: one connection, one {@code XREAD BLOCK} over every live generation's stream.</li>
 * </ul>
 * Reported per level and reader: the reader's CPU and Redis's CPU per event, and the time from the
 * writer's send to the reader's receipt, p50 and p99. Run against a Redis of its own (the script
 * starts one) so that nothing else is counted.
 *
 * <p>{@code java dev.switchboard.bench.LiveReadBench --redis redis://127.0.0.1:6390 --levels 1,16,64,256 --events 200 --gap-ms 5}
 */
public final class LiveReadBench {

    private static final String CHANNEL = "bench:reply";
    /** The size of a text delta event as the worker encodes it, near enough. */
    private static final String FILLER = "x".repeat(90);

    private record Result(String reader, int level, long events, double readerCpuUsPerEvent, double redisCpuUsPerEvent,
                          double p50Ms, double p99Ms) {
    }

    private LiveReadBench() {
    }

    public static void main(String[] args) throws Exception {
        String uri = "redis://127.0.0.1:6390";
        List<Integer> levels = List.of(1, 16, 64, 256);
        int events = 200;
        int gapMs = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--redis" -> uri = args[i + 1];
                case "--levels" -> levels = java.util.Arrays.stream(args[i + 1].split(",")).map(Integer::parseInt).toList();
                case "--events" -> events = Integer.parseInt(args[i + 1]);
                case "--gap-ms" -> gapMs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Vertx writerVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Vertx readerVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        // RESP2 throughout, as the services use: XREAD answers [[key, entries], …].
        Redis writer = Redis.createClient(writerVertx, new RedisOptions().setConnectionString(uri)
                .setPreferredProtocolVersion(ProtocolVersion.RESP2).setMaxWaitingHandlers(1_000_000));
        // Each run reads with a client of its own, closed after it: no subscribed connection is reused.
        String address = uri;
        java.util.function.Supplier<Redis> reader = () -> Redis.createClient(readerVertx, new RedisOptions()
                .setConnectionString(address).setPreferredProtocolVersion(ProtocolVersion.RESP2)
                .setMaxPoolSize(1_100).setMaxPoolWaiting(10_000).setMaxWaitingHandlers(100_000));
        Redis admin = Redis.createClient(writerVertx, new RedisOptions().setConnectionString(uri)
                .setPreferredProtocolVersion(ProtocolVersion.RESP2));
        Thread readerThread = onLoop(readerVertx);
        List<Result> results = new ArrayList<>();
        for (String mode : List.of("pubsub", "xread-each", "xread-all")) {
            // Warm-up: the JIT compiles the reading path before anything is counted.
            run(mode, 16, events, gapMs, writerVertx, writer, reader, admin, readerThread);
        }
        for (int level : levels) {
            for (String mode : List.of("pubsub", "xread-each", "xread-all")) {
                Result result = run(mode, level, events, gapMs, writerVertx, writer, reader, admin, readerThread);
                results.add(result);
                System.err.printf(Locale.ROOT, "%s at %d: %s%n", mode, level, result);
            }
        }
        System.out.println("| generations | reader | events | gateway CPU per event | Redis CPU per event | send to receipt p50 | p99 |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %d | %s | %,d | %.1f µs | %.1f µs | %.2f ms | %.2f ms |%n", r.level(), r.reader(),
                    r.events(), r.readerCpuUsPerEvent(), r.redisCpuUsPerEvent(), r.p50Ms(), r.p99Ms());
        }
        writerVertx.close();
        readerVertx.close();
    }

    private static Thread onLoop(Vertx vertx) throws Exception {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        vertx.runOnContext(ignored -> thread.complete(Thread.currentThread()));
        return thread.get(10, TimeUnit.SECONDS);
    }

    private static Result run(String mode, int level, int events, int gapMs, Vertx writerVertx, Redis writer, java.util.function.Supplier<Redis> readers, Redis admin,
                              Thread readerThread) throws Exception {
        String prefix = "bench:" + mode + ":" + level + ":" + System.nanoTime() + ":";
        List<String> jobs = new ArrayList<>();
        for (int g = 0; g < level; g++) {
            jobs.add(prefix + g);
        }
        long total = (long) level * events;
        CountDownLatch received = new CountDownLatch((int) total);
        long[] latencies = new long[(int) total];
        AtomicLong seen = new AtomicLong();
        java.util.Map<String, Integer> dispatched = new java.util.HashMap<>();
                java.util.function.Consumer<String> onEvent = payload -> {
            int bar = payload.indexOf('|');
            long sentAt = Long.parseLong(payload.substring(0, bar));
            // Dispatching by job id, as the gateway does, is part of the cost.
            String job = payload.substring(bar + 1, payload.indexOf('|', bar + 1));
            dispatched.merge(job, 1, Integer::sum);
            int index = (int) seen.getAndIncrement();
            if (index < latencies.length) {
                latencies[index] = System.nanoTime() - sentAt;
            }
            received.countDown();
        };
        Redis reader = readers.get();
        List<RedisConnection> connections = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
        switch (mode) {
            case "pubsub" -> {
                RedisConnection connection = await(reader.connect());
                connections.add(connection);
                connection.handler(message -> {
                    // [message, channel, payload]
                    if (message.size() == 3 && "message".equals(message.get(0).toString())) {
                        onEvent.accept(message.get(2).toString(StandardCharsets.UTF_8));
                    }
                });
                await(connection.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)));
            }
            case "xread-each" -> {
                for (String job : jobs) {
                    RedisConnection connection = await(reader.connect());
                    connections.add(connection);
                    readEach(connection, job, "0", open, onEvent);
                }
            }
            case "xread-all" -> {
                RedisConnection connection = await(reader.connect());
                connections.add(connection);
                List<String> ids = new ArrayList<>(java.util.Collections.nCopies(jobs.size(), "0"));
                readAll(connection, jobs, ids, open, onEvent);
            }
            default -> throw new IllegalArgumentException(mode);
        }
        RedisConnection pipe = await(writer.connect());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long redisBefore = redisCpuMicros(admin);
        long readerBefore = threads.getThreadCpuTime(readerThread.threadId());
        boolean publish = mode.equals("pubsub");
        CountDownLatch written = new CountDownLatch(1);
        int[] round = {0};
        long timer = writerVertx.setPeriodic(gapMs, id -> {
                    if (round[0] >= events) {
                        written.countDown();
                        return;
                    }
                    int n = round[0]++;
                    for (String job : jobs) {
                        String payload = System.nanoTime() + "|" + job + "|" + n + "|" + FILLER;
                        if (publish) {
                            pipe.send(Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(payload));
                        }
                        pipe.send(Request.cmd(Command.XADD).arg(job).arg("MAXLEN").arg("~").arg(events * 2 + 16).arg("*")
                                .arg("e").arg(payload));
                    }
                });
        boolean complete = received.await(120, TimeUnit.SECONDS);
        long readerCpu = threads.getThreadCpuTime(readerThread.threadId()) - readerBefore;
        long redisCpu = redisCpuMicros(admin) - redisBefore;
        written.await(10, TimeUnit.SECONDS);
        writerVertx.cancelTimer(timer);
        open.set(false);
        connections.forEach(RedisConnection::close);
        reader.close();
        pipe.close();
        Request delete = Request.cmd(Command.DEL);
        jobs.forEach(delete::arg);
        await(admin.send(delete));
        if (!complete) {
            throw new IllegalStateException(mode + " at " + level + ": " + received.getCount() + " events never arrived");
        }
        long[] sorted = java.util.Arrays.copyOf(latencies, (int) Math.min(total, seen.get()));
        java.util.Arrays.sort(sorted);
        return new Result(mode, level, total, readerCpu / 1_000.0 / total, (double) redisCpu / total,
                sorted[(int) (sorted.length * 0.50)] / 1e6, sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6);
    }

    private static void readEach(RedisConnection connection, String job, String after, java.util.concurrent.atomic.AtomicBoolean open,
                                 java.util.function.Consumer<String> onEvent) {
        if (!open.get()) {
            return;
        }
        connection.send(Request.cmd(Command.XREAD).arg("COUNT").arg(1000).arg("BLOCK").arg(5000).arg("STREAMS").arg(job).arg(after))
                .onSuccess(reply -> {
                    String last = after;
                    if (reply != null) {
                        for (Response stream : streams(reply)) {
                            for (Response entry : stream.get(1)) {
                                last = entry.get(0).toString();
                                onEvent.accept(entry.get(1).get(1).toString(StandardCharsets.UTF_8));
                            }
                        }
                    }
                    readEach(connection, job, last, open, onEvent);
                });
    }

    private static void readAll(RedisConnection connection, List<String> jobs, List<String> ids,
                                java.util.concurrent.atomic.AtomicBoolean open, java.util.function.Consumer<String> onEvent) {
        if (!open.get()) {
            return;
        }
        Request request = Request.cmd(Command.XREAD).arg("COUNT").arg(1000).arg("BLOCK").arg(5000).arg("STREAMS");
        jobs.forEach(request::arg);
        ids.forEach(request::arg);
        connection.send(request).onSuccess(reply -> {
            if (reply != null) {
                for (Response stream : streams(reply)) {
                    int index = jobs.indexOf(stream.get(0).toString());
                    for (Response entry : stream.get(1)) {
                        ids.set(index, entry.get(0).toString());
                        onEvent.accept(entry.get(1).get(1).toString(StandardCharsets.UTF_8));
                    }
                }
            }
            readAll(connection, jobs, ids, open, onEvent);
        });
    }

    /** XREAD answers [[key, entries], …]. */
    private static List<Response> streams(Response reply) {
        List<Response> out = new ArrayList<>();
        reply.forEach(out::add);
        return out;
    }

    private static long redisCpuMicros(Redis admin) throws Exception {
        String info = await(admin.send(Request.cmd(Command.INFO).arg("cpu"))).toString();
        double seconds = 0;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return (long) (seconds * 1_000_000);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
