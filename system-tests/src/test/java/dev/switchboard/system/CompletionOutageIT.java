package dev.switchboard.system;

import dev.switchboard.contract.SchemaVersion;
import dev.switchboard.contract.Topics;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.completion.Completion;
import dev.switchboard.contract.completion.CompletionStatus;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.event.Timings;
import dev.switchboard.contract.event.Usage;
import dev.switchboard.contract.job.ClientKind;
import dev.switchboard.contract.json.Codec;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No completion is lost: 500 completion records (50 conversations of 10 turns, each turn resending
 * the conversation as Claude Code does) are published while session-service and metrics-service,
 * or PostgreSQL, are stopped half-way; once they are back, every message and every usage record is
 * there exactly once.
 */
class CompletionOutageIT {

    private static final int CONVERSATIONS = 50;
    private static final int TURNS = 10;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void connect() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @Test
    void servicesStoppedHalfWayCatchUpExactlyOnce() {
        survive("session-service and metrics-service stopped",
                () -> {
                    Suite.script("stop", "session-service");
                    Suite.script("stop", "metrics-service");
                },
                () -> {
                    Suite.script("start", "session-service");
                    Suite.script("start", "metrics-service");
                });
    }

    @Test
    void aDatabaseStoppedHalfWayIsCaughtUpExactlyOnce() {
        survive("PostgreSQL stopped",
                () -> Suite.infra("stop-one", "postgres", "--force"),
                () -> Suite.infra("start-one", "postgres"));
    }

    private void survive(String outage, Runnable stop, Runnable start) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String model = "outage-model-" + run;
        List<String> conversations = IntStream.range(0, CONVERSATIONS).mapToObj(i -> "outage-" + run + "-" + i).toList();

        publishTurns(conversations, model, 0, TURNS / 2);
        stop.run();
        try {
            publishTurns(conversations, model, TURNS / 2, TURNS);
        } finally {
            start.run();
        }
        long restarted = System.nanoTime();

        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() ->
                given().baseUri(Suite.GATEWAY).queryParam("model", model).queryParam("size", 1)
                        .get("/api/metrics/usage").then().extract().jsonPath().getInt("total") == CONVERSATIONS * TURNS);
        for (String conversation : conversations) {
            JsonPath stored = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(
                    () -> given().baseUri(Suite.GATEWAY).get("/api/sessions/" + conversation).then().extract().jsonPath(),
                    json -> json.get("message_count") != null && json.getInt("message_count") >= 2 * TURNS);
            assertThat(stored.getInt("message_count")).as(conversation).isEqualTo(2 * TURNS);
            assertThat(stored.getList("messages.position", Integer.class)).containsExactlyElementsOf(
                    IntStream.range(0, 2 * TURNS).boxed().toList());
            List<String> texts = stored.getList("messages.collect { it.content[0].text }", String.class);
            for (int turn = 0; turn < TURNS; turn++) {
                assertThat(texts.get(2 * turn)).isEqualTo(question(conversation, turn));
                assertThat(texts.get(2 * turn + 1)).isEqualTo(answer(conversation, turn));
            }
        }
        System.out.printf("%s: %d completions stored exactly once, %d ms after the restart%n", outage,
                CONVERSATIONS * TURNS, (System.nanoTime() - restarted) / 1_000_000);
    }

    private void publishTurns(List<String> conversations, String model, int fromTurn, int toTurn) {
        for (int turn = fromTurn; turn < toTurn; turn++) {
            for (String conversation : conversations) {
                Completion completion = turn(conversation, model, turn);
                producer.send(new ProducerRecord<>(Topics.COMPLETIONS, conversation, Codec.COMPLETION.encode(completion)));
            }
        }
        producer.flush();
    }

    private static String question(String conversation, int turn) {
        return "Question " + turn + " of " + conversation;
    }

    private static String answer(String conversation, int turn) {
        return "Answer " + turn + " of " + conversation;
    }

    /** Turn n as a worker records it: the whole conversation so far as the request, the answer as output. */
    private static Completion turn(String conversation, String model, int turn) {
        List<Message> messages = new ArrayList<>();
        for (int earlier = 0; earlier < turn; earlier++) {
            messages.add(Message.text(Role.USER, question(conversation, earlier)));
            messages.add(Message.text(Role.ASSISTANT, answer(conversation, earlier)));
        }
        messages.add(Message.text(Role.USER, question(conversation, turn)));
        Instant now = Instant.now();
        return new Completion(SchemaVersion.CURRENT, "msg_" + UUID.randomUUID().toString().replace("-", ""), conversation,
                ClientKind.CLAUDE_CODE, "claude-sonnet-4-5", model, "ollama", "outage-test", null, CompletionStatus.OK,
                StopReason.END_TURN, null, null, new Usage(100 + turn, 0, 10), new Timings(5, 50L, 400), now.minusMillis(400), now,
                null, messages, List.of(new ContentBlock.Text(answer(conversation, turn))));
    }
}
