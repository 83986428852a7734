package dev.switchboard.gateway.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.Topics;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.json.Codec;
import dev.switchboard.contract.json.Json;
import dev.switchboard.contract.worker.Capability;
import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.contract.worker.WorkerStatus;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays a worker for gateway tests, over the real Kafka and Redis: reports a status, takes the
 * jobs of its pool, and answers by the last user message: {@code text <words>}, {@code think},
 * {@code tool}, {@code fail}, {@code slow}, {@code late} (starts after 1.5 s), {@code handover} and
 * {@code handoverslow} (text and slow, started first by a worker that died before answering),
 * {@code die} (two pieces, then the worker's status disappears and nothing more comes), {@code vanish} (two
 * pieces from a worker whose status stays but which holds no subscription: a process that died).
 */
final class FakeWorker implements AutoCloseable {

    final String id = "fake-" + UUID.randomUUID().toString().substring(0, 8);
    final String pool = "gw-test-" + UUID.randomUUID().toString().substring(0, 8);
    final Map<String, GenerationJob> jobs = new ConcurrentHashMap<>();
    final Map<String, String> keys = new ConcurrentHashMap<>();
    final List<String> cancels = new CopyOnWriteArrayList<>();
    private final ReactiveRedisDataSource redis;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber control;
    private volatile boolean closed;

    FakeWorker(ReactiveRedisDataSource redis, List<String> models) {
        this.redis = redis;
        WorkerStatus status = new WorkerStatus(SchemaVersion.CURRENT, id, pool, "fake", "http://127.0.0.1:9", true,
                models.stream().map(name -> new ModelInfo(name, 32768, Set.of(Capability.TOOLS, Capability.THINKING))).toList(),
                0, 4, Instant.now());
        redis.value(String.class).setex(RedisKeys.workerStatus(id), 300, Codec.WORKER_STATUS.encodeToString(status))
                .await().atMost(Duration.ofSeconds(10));
        // A subscription holds a pooled connection until it is ended: close() must end it.
        control = redis.pubsub(String.class).subscribe(RedisKeys.controlChannel(id), cancels::add).await().atMost(Duration.ofSeconds(10));
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                ConsumerConfig.GROUP_ID_CONFIG, "fake-" + pool,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024 * 1024,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.jobs(pool)));
        thread = Thread.ofPlatform().daemon().start(this::loop);
    }

    private void loop() {
        while (!closed) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                GenerationJob job = Codec.JOB.decode(record.value());
                jobs.put(job.jobId(), job);
                keys.put(job.jobId(), record.key());
                redis.value(String.class).setex(RedisKeys.takenJob(job.jobId()), 300, id).await().atMost(Duration.ofSeconds(5));
                Thread.ofVirtual().start(() -> answer(job));
            }
        }
        consumer.close();
    }

    private void answer(GenerationJob job) {
        String prompt = lastUserText(job);
        long seq = 0;
        try {
            if (prompt.equals("late")) {
                Thread.sleep(1500);
            }
            if (prompt.startsWith("handover")) {
                // Another worker took the job first and died before answering; this one runs it again.
                publish(job, new StreamEvent.Started(job.jobId(), 0, "dead-" + id, 5));
            }
            // "vanish": a worker process that dies; its status lasts, its connection to Redis does not.
            String runner = prompt.equals("vanish") ? "ghost-" + job.jobId() : id;
            if (!runner.equals(id)) {
                redis.value(String.class).setex(RedisKeys.workerStatus(runner), 60, "{}").await().atMost(Duration.ofSeconds(5));
            }
            publish(job, new StreamEvent.Started(job.jobId(), seq++, runner, 5));
            Usage usage = new Usage(42, 10, 7);
            Timings timings = new Timings(5, 20L, 100);
            switch (prompt.split(" ")[0]) {
                case "text", "late", "handover" -> {
                    for (String word : List.of("Hello", " from", " the", " fake", " worker.")) {
                        publish(job, new StreamEvent.TextDelta(job.jobId(), seq++, word));
                    }
                    publish(job, new StreamEvent.Done(job.jobId(), seq, StopReason.END_TURN, null, usage, timings));
                }
                case "think" -> {
                    publish(job, new StreamEvent.ThinkingDelta(job.jobId(), seq++, "Let me think."));
                    publish(job, new StreamEvent.TextDelta(job.jobId(), seq++, "Answer."));
                    publish(job, new StreamEvent.Done(job.jobId(), seq, StopReason.END_TURN, null, usage, timings));
                }
                case "tool" -> {
                    ObjectNode input = Json.mapper().createObjectNode().put("command", "echo hi");
                    publish(job, new StreamEvent.ToolCall(job.jobId(), seq++, "toolu_01ABCDEFGHIJKLMNOPQRSTUV", "Bash", input));
                    publish(job, new StreamEvent.Done(job.jobId(), seq, StopReason.TOOL_USE, null, usage, timings));
                }
                case "fail" -> publish(job, new StreamEvent.Error(job.jobId(), seq, ErrorType.BACKEND_ERROR, "the model crashed"));
                case "vanish" -> {
                    publish(job, new StreamEvent.TextDelta(job.jobId(), seq++, "Half an "));
                    publish(job, new StreamEvent.TextDelta(job.jobId(), seq++, "answer"));
                }
                case "die" -> {
                    // Two pieces of answer, then the worker is gone: its status disappears, nothing more comes.
                    publish(job, new StreamEvent.TextDelta(job.jobId(), seq++, "Half an "));
                    publish(job, new StreamEvent.TextDelta(job.jobId(), seq++, "answer"));
                    redis.key(String.class).del(RedisKeys.workerStatus(id)).await().atMost(Duration.ofSeconds(5));
                }
                case "slow", "handoverslow" -> {
                    for (int i = 0; i < 600 && !cancels.contains(job.jobId()); i++) {
                        publish(job, new StreamEvent.TextDelta(job.jobId(), seq++, "tick "));
                        Thread.sleep(50);
                    }
                    if (cancels.contains(job.jobId())) {
                        publish(job, new StreamEvent.Error(job.jobId(), seq, ErrorType.CANCELLED, "cancelled by the client"));
                    }
                }
                default -> publish(job, new StreamEvent.Error(job.jobId(), seq, ErrorType.INVALID_REQUEST, "unknown script"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publish(GenerationJob job, StreamEvent event) {
        redis.pubsub(String.class).publish(job.replyChannel(), Codec.EVENT.encodeToString(event)).await().atMost(Duration.ofSeconds(5));
    }

    private static String lastUserText(GenerationJob job) {
        List<Message> messages = job.request().messages();
        return messages.get(messages.size() - 1).content().stream()
                .filter(ContentBlock.Text.class::isInstance)
                .map(block -> ((ContentBlock.Text) block).text())
                .findFirst().orElse("");
    }

    @Override
    public void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        thread.join(5000);
        control.unsubscribe().await().atMost(Duration.ofSeconds(5));
        redis.key(String.class).del(RedisKeys.workerStatus(id)).await().atMost(Duration.ofSeconds(5));
    }
}
