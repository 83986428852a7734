package dev.switchboard.gateway.pipeline;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.messaging.Presence;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;

/**
 * How long the gateway takes to notice that a worker process died. Not a test: it runs only when
 * asked and reports numbers instead of asserting them.
 * <pre>
 * ./mvnw -B -pl api-gateway test -Dtest=WorkerDeathBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dswitchboard.benchmark=true [-Dswitchboard.benchmark.deaths=100] [-Dswitchboard.benchmark.load-threads=2]
 * </pre>
 * Each death is a stand-in worker: a small process (bash with a socket to Redis) that subscribes
 * to a worker's control channel, as a worker holds its own, while a status key for it stays valid
 * for a minute. The gateway's {@link WorkerWatch} watches it for a job; the process is killed with
 * SIGKILL; the time is from the kill to the watch telling the job. Busy threads load both cores
 * meanwhile. Results go to {@code target/worker-death-detection.txt}.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "switchboard.benchmark", matches = "true")
class WorkerDeathBenchmark {

    @Inject
    WorkerWatch watch;

    @Inject
    ReactiveRedisDataSource redis;

    @Test
    void detectionTimeOfKilledWorkers() throws Exception {
        int deaths = Integer.getInteger("switchboard.benchmark.deaths", 100);
        int loadThreads = Integer.getInteger("switchboard.benchmark.load-threads", 2);
        URI redisUri = URI.create(ConfigProvider.getConfig().getValue("quarkus.redis.hosts", String.class).split(",")[0]);
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < loadThreads; i++) {
            load.add(Thread.ofPlatform().daemon().start(() -> {
                long spin = 0;
                while (loading.get()) {
                    spin += System.nanoTime() % 7;
                }
                if (spin == 42) {
                    System.out.print("");
                }
            }));
        }
        List<Long> micros = new ArrayList<>();
        try {
            for (int i = 0; i < deaths; i++) {
                micros.add(oneDeath(redisUri));
            }
        } finally {
            loading.set(false);
            for (Thread thread : load) {
                thread.join();
            }
        }
        List<Long> sorted = micros.stream().sorted().toList();
        String report = String.format(Locale.ROOT, "worker deaths noticed by the gateway: %d deaths, %d busy threads on %d cores;"
                        + " from SIGKILL to the job told: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                deaths, loadThreads, Runtime.getRuntime().availableProcessors(),
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), sorted.getLast() / 1000.0);
        System.out.print(report);
        Files.writeString(Path.of("target", "worker-death-detection.txt"), report, StandardCharsets.UTF_8);
    }

    private long oneDeath(URI redisUri) throws IOException, InterruptedException {
        String worker = "standin-" + UUID.randomUUID().toString().substring(0, 8);
        String channel = RedisKeys.controlChannel(worker);
        redis.value(String.class).setex(RedisKeys.workerStatus(worker), 60, "{}").await().atMost(Duration.ofSeconds(5));
        Process standIn = new ProcessBuilder("bash", "-c",
                "exec 3<>/dev/tcp/" + redisUri.getHost() + "/" + redisUri.getPort()
                        + " && printf 'SUBSCRIBE " + channel + "\\r\\n' >&3 && exec cat <&3 >/dev/null")
                .redirectErrorStream(true).start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() ->
                Presence.subscribers(redis, List.of(channel)).await().atMost(Duration.ofSeconds(5)).getOrDefault(channel, 0L) > 0);
        CompletableFuture<Long> told = new CompletableFuture<>();
        String jobId = "msg_bench_" + worker;
        watch.watch(jobId, worker, () -> told.complete(System.nanoTime()));
        // A random moment within the watch's period, as deaths come.
        Thread.sleep((long) (Math.random() * 250));
        standIn.destroyForcibly();
        long killedAt = System.nanoTime();
        try {
            return (told.get(30, TimeUnit.SECONDS) - killedAt) / 1000;
        } catch (Exception e) {
            throw new IllegalStateException("the death of " + worker + " was not noticed in 30 s", e);
        } finally {
            watch.unwatch(jobId);
            standIn.waitFor(5, TimeUnit.SECONDS);
            redis.key(String.class).del(RedisKeys.workerStatus(worker)).await().atMost(Duration.ofSeconds(5));
        }
    }

    private static double percentile(List<Long> sortedMicros, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sortedMicros.size()) - 1;
        return sortedMicros.get(Math.max(0, Math.min(index, sortedMicros.size() - 1))) / 1000.0;
    }
}
