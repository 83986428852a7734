package dev.switchboard.metrics.usage;

import dev.switchboard.contract.MessagingChannels;
import dev.switchboard.contract.Topics;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.json.Codec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Plays the workers' part for the tests: publishes to the real {@code llm.completions}, and reads its dead-letter twin. */
final class CompletionsTopic implements AutoCloseable {

    static final String DEAD_LETTERS = Topics.deadLetter(Topics.COMPLETIONS);

    private final String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    private final String group = ConfigProvider.getConfig().getValue("switchboard.metrics.consumer.group-id", String.class);
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());

    /** Keyed by job id, as the workers publish. */
    void publish(Completion completion) {
        send(completion.jobId(), Codec.COMPLETION.encode(completion));
    }

    /** Any bytes under any key; records with one key share a partition, so they are consumed in the order sent. */
    void send(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.COMPLETIONS, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The dead letters with this key that this service's consumer group wrote; the session service
     * dead-letters the same bad records of the shared topic to the same dead-letter topic.
     */
    List<ConsumerRecord<String, byte[]>> deadLetters(String key) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(DEAD_LETTERS, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key()) && byThisService(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    private boolean byThisService(ConsumerRecord<String, byte[]> record) {
        Header consumer = record.headers().lastHeader(MessagingChannels.DEAD_LETTER_CONSUMER_HEADER);
        return consumer != null && group.equals(new String(consumer.value(), StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
