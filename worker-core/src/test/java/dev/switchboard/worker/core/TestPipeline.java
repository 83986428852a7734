package dev.switchboard.worker.core;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.Topics;
import dev.switchboard.contract.chat.ChatRequest;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.chat.Sampling;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.event.StreamEvent;
import dev.switchboard.contract.job.ClientKind;
import dev.switchboard.contract.job.GenerationJob;
import dev.switchboard.contract.json.Codec;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands.ReactiveRedisSubscriber;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/** Plays the gateway's part for worker tests: publishes jobs to Kafka, listens to the reply channel and the completions. */
final class TestPipeline implements AutoCloseable {

    final String replyChannel = RedisKeys.replyChannel("test-" + UUID.randomUUID());
    final Map<String, List<StreamEvent>> events = new ConcurrentHashMap<>();
    final Map<String, Completion> completions = new ConcurrentHashMap<>();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> completionConsumer;
    private final Thread completionReader;
    private final ReactiveRedisSubscriber subscriber;
    private volatile boolean closed;

    TestPipeline(ReactiveRedisDataSource redis) {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 * 1024 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer());
        completionConsumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new ByteArrayDeserializer());
        // On a new broker the topic is created by this first look at it, and has no partitions at first.
        List<TopicPartition> partitions = await().atMost(Duration.ofSeconds(30)).until(
                () -> completionConsumer.partitionsFor(Topics.COMPLETIONS).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())).toList(),
                found -> !found.isEmpty());
        completionConsumer.assign(partitions);
        completionConsumer.seekToEnd(partitions);
        partitions.forEach(completionConsumer::position);
        completionReader = Thread.ofPlatform().daemon().start(this::readCompletions);
        subscriber = redis.pubsub(String.class).subscribe(replyChannel, payload -> {
            StreamEvent event = Codec.EVENT.decode(payload);
            events.computeIfAbsent(event.jobId(), id -> new CopyOnWriteArrayList<>()).add(event);
        }).await().atMost(Duration.ofSeconds(10));
    }

    GenerationJob job(String pool, String prompt, Instant deadline) {
        return job(pool, prompt, deadline, List.of());
    }

    GenerationJob job(String pool, String prompt, Instant deadline, List<String> stopSequences) {
        ChatRequest request = new ChatRequest("Be brief.", List.of(Message.text(Role.USER, prompt)), List.of(), null,
                new Sampling(256, null, null, null, stopSequences, null));
        Instant now = Instant.now();
        return new GenerationJob(SchemaVersion.CURRENT, "msg_" + UUID.randomUUID().toString().replace("-", ""),
                "conv-" + UUID.randomUUID(), ClientKind.ANTHROPIC, "test-model", "scripted", pool, replyChannel,
                now, deadline, request, null);
    }

    GenerationJob job(String pool, String prompt) {
        return job(pool, prompt, Instant.now().plusSeconds(60));
    }

    void publish(GenerationJob job) {
        send(Topics.jobs(job.pool()), job.kafkaKey(), Codec.JOB.encode(job));
    }

    void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    List<StreamEvent> eventsOf(String jobId) {
        return events.getOrDefault(jobId, List.of());
    }

    private void readCompletions() {
        while (!closed) {
            for (ConsumerRecord<String, byte[]> record : completionConsumer.poll(Duration.ofMillis(100))) {
                Completion completion = Codec.COMPLETION.decode(record.value());
                completions.put(completion.jobId(), completion);
            }
        }
        completionConsumer.close();
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        subscriber.unsubscribe().await().atMost(Duration.ofSeconds(10));
        completionReader.join(5000);
        producer.close();
    }
}
