package dev.switchboard.session.conversation.messaging;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.contract.MessagingChannels;
import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.completion.CompletionStatus;
import dev.switchboard.contract.event.ErrorType;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.job.ClientKind;
import dev.switchboard.contract.job.ExchangeTurn;
import dev.switchboard.session.support.Completions;
import dev.switchboard.session.support.CompletionsTopic;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.switchboard.session.support.Completions.answer;
import static dev.switchboard.session.support.Completions.assistant;
import static dev.switchboard.session.support.Completions.user;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/** Completions published to the real llm.completions topic end up as stored conversations. */
@QuarkusTest
class CompletionConsumptionTest {

    private static final Duration STORED_WITHIN = Duration.ofSeconds(60);
    private static CompletionsTopic topic;

    @BeforeAll
    static void connect() {
        topic = new CompletionsTopic();
    }

    @AfterAll
    static void disconnect() {
        topic.close();
    }

    private static JsonPath conversationOnceItHas(String id, int messages) {
        return await().atMost(STORED_WITHIN).until(() -> {
            var response = given().get("/api/sessions/{id}", id);
            return response.statusCode() == 200 ? response.jsonPath() : null;
        }, json -> json != null && json.getInt("message_count") == messages);
    }

    @Test
    void theConsumerReportsItselfLive() {
        given().get("/q/health/live").then()
                .statusCode(200)
                .body("checks.find { it.name == 'llm.completions consumer' }.status", is("UP"));
    }

    @Test
    void aFirstCompletionCreatesTheConversationWithTheQuestionAndTheAnswer() {
        String conversation = Completions.id("first");
        String job = Completions.id("msg");
        Instant finished = Instant.parse("2026-11-21T10:00:00Z");
        topic.publish(Completions.ok(job, conversation, ClientKind.CLAUDE_CODE, finished,
                List.of(new Message(Role.USER, List.of(
                        new ContentBlock.Text("<system-reminder>\nToday's date is 2026-11-21.\n</system-reminder>"),
                        new ContentBlock.Text("Explain   the build\nplease")))),
                answer("It is Maven.")));

        JsonPath json = conversationOnceItHas(conversation, 2);

        assertThat(json.getString("id")).isEqualTo(conversation);
        assertThat(json.getString("title")).isEqualTo("Explain the build please");
        assertThat(json.getString("source")).isEqualTo("claude-code");
        assertThat(json.getList("models")).containsExactly(Completions.MODEL);
        assertThat(json.getBoolean("archived")).isFalse();
        assertThat(json.getMap("usage")).isEqualTo(Map.of("input_tokens", 100, "cached_input_tokens", 40, "output_tokens", 10));
        assertThat(json.getString("created_at")).isEqualTo("2026-11-21T09:59:59Z");
        assertThat(json.getString("updated_at")).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(json.getList("messages.role")).containsExactly("user", "assistant");
        assertThat(json.getList("messages.position")).containsExactly(0, 1);
        assertThat(json.getString("messages[0].content[1].text")).isEqualTo("Explain   the build\nplease");
        assertThat(json.getString("messages[0].job_id")).isEqualTo(job);
        assertThat(json.getString("messages[0].usage")).isNull();
        assertThat(json.getString("messages[1].content[0].type")).isEqualTo("text");
        assertThat(json.getString("messages[1].content[0].text")).isEqualTo("It is Maven.");
        assertThat(json.getString("messages[1].model")).isEqualTo(Completions.MODEL);
        assertThat(json.getString("messages[1].job_id")).isEqualTo(job);
        assertThat(json.getString("messages[1].stop_reason")).isEqualTo("end_turn");
        assertThat(json.getBoolean("messages[1].partial")).isFalse();
        assertThat(json.getInt("messages[1].usage.output_tokens")).isEqualTo(10);
        assertThat(json.getString("messages[1].created_at")).isEqualTo("2026-11-21T10:00:00Z");
    }

    @Test
    void claudeCodeResendingTheWholeConversationStoresEachMessageOnceAndInOrder() {
        String conversation = Completions.id("resend");
        Instant t0 = Instant.now();
        Message u1 = user("List the files");
        var call = new ContentBlock.ToolUse("toolu_" + conversation.hashCode(), "Bash",
                JsonNodeFactory.instance.objectNode().put("command", "ls"));
        Message a1 = new Message(Role.ASSISTANT, List.of(new ContentBlock.Text("I'll list them."), call));
        // Claude Code sends the tool call back with an empty text block and without its input.
        Message a1Resent = new Message(Role.ASSISTANT, List.of(new ContentBlock.Text(""), new ContentBlock.Text("I'll list them."),
                new ContentBlock.ToolUse(call.id(), "Bash", JsonNodeFactory.instance.objectNode())));
        Message u2 = new Message(Role.USER, List.of(new ContentBlock.ToolResult(call.id(),
                List.of(new ContentBlock.Text("pom.xml\nsrc")), false)));
        Message a2 = assistant("There are pom.xml and src.");
        Message u3 = user("Thanks");
        // Three jobs on three keys (so possibly three partitions, read in any order).
        topic.publish(Completions.completion(Completions.id("msg"), conversation, ClientKind.CLAUDE_CODE, CompletionStatus.OK,
                StopReason.TOOL_USE, null, t0, List.of(u1), a1.content()));
        topic.publish(Completions.ok(Completions.id("msg"), conversation, ClientKind.CLAUDE_CODE, t0.plusSeconds(1),
                List.of(u1, a1Resent, u2), a2.content()));
        topic.publish(Completions.ok(Completions.id("msg"), conversation, ClientKind.CLAUDE_CODE, t0.plusSeconds(2),
                List.of(u1, a1Resent, u2, a2, u3), answer("You're welcome.")));

        JsonPath json = conversationOnceItHas(conversation, 6);
        await().atMost(STORED_WITHIN).until(() -> given().get("/api/sessions/{id}", conversation).jsonPath()
                .getInt("usage.output_tokens") == 30);
        json = given().get("/api/sessions/{id}", conversation).jsonPath();

        assertThat(json.getList("messages.role")).containsExactly("user", "assistant", "user", "assistant", "user", "assistant");
        assertThat(json.getString("messages[0].content[0].text")).isEqualTo("List the files");
        assertThat(json.getList("messages[1].content.type")).contains("tool_use");
        assertThat(json.getString("messages[2].content[0].type")).isEqualTo("tool_result");
        assertThat(json.getString("messages[2].content[0].tool_use_id")).isEqualTo(call.id());
        assertThat(firstTexts(json)).containsExactly("List the files", "I'll list them.", null, "There are pom.xml and src.", "Thanks",
                "You're welcome.");
        assertThat(json.getList("messages.job_id").stream().distinct()).hasSize(3);
        assertThat(json.getInt("usage.input_tokens")).isEqualTo(300);
    }

    @Test
    void theTurnsOfAMultiModelExchangeAreFiledWithTheirSpeakersAndNeverAsEdits() {
        String conversation = Completions.id("exchange");
        String exchange = "xchg_" + conversation.replace("-", "");
        Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
        String opening = "Tea or coffee?";
        topic.publish(Completions.exchangeTurn(Completions.id("msg"), conversation, t0,
                new ExchangeTurn(exchange, 1, "Alpha", 1, opening), "ollama/qwen3:8b",
                List.of(Completions.user(opening)), "Tea."));
        // Beta saw a history of its own: the opening and Alpha's turn merged into one named user message.
        topic.publish(Completions.exchangeTurn(Completions.id("msg"), conversation, t0.plusSeconds(1),
                new ExchangeTurn(exchange, 2, "Beta", 1, opening), "mlx/llama3.2:3b",
                List.of(Completions.user(opening + "\n\nAlpha: Tea.")), "Coffee."));
        topic.publish(Completions.exchangeTurn(Completions.id("msg"), conversation, t0.plusSeconds(2),
                new ExchangeTurn(exchange, 3, "Alpha", 2, "Agree on one."), "ollama/qwen3:8b",
                List.of(Completions.user(opening), Completions.assistant("Tea."),
                        Completions.user("Beta: Coffee.\n\nAgree on one.")), "Coffee, then."));

        JsonPath json = conversationOnceItHas(conversation, 5);

        assertThat(json.getList("messages.role")).containsExactly("user", "assistant", "assistant", "user", "assistant");
        assertThat(firstTexts(json)).containsExactly(opening, "Tea.", "Coffee.", "Agree on one.", "Coffee, then.");
        assertThat(json.getList("messages.collect { it.speaker?.name }")).containsExactly(null, "Alpha", "Beta", null, "Alpha");
        assertThat(json.getList("messages.collect { it.speaker?.model }")).containsExactly(null, "ollama/qwen3:8b", "mlx/llama3.2:3b", null,
                "ollama/qwen3:8b");
        String markdown = given().get("/api/sessions/{id}/export?format=markdown", conversation).then().statusCode(200)
                .extract().asString();
        assertThat(markdown).contains("### Alpha (ollama/qwen3:8b)", "### Beta (mlx/llama3.2:3b)");
    }

    @Test
    void aRedeliveredRecordChangesNothing() {
        String conversation = Completions.id("redelivered");
        String job = Completions.id("msg");
        Instant t0 = Instant.now();
        var first = Completions.ok(job, conversation, ClientKind.ANTHROPIC, t0, List.of(user("Hi")), answer("Hello."));
        topic.publish(first);
        topic.publish(first);
        // Same key, so read after both copies: once it is stored, so are they.
        topic.publish(job, Completions.ok(Completions.id("msg"), conversation, ClientKind.ANTHROPIC, t0.plusSeconds(1),
                List.of(user("Hi"), assistant("Hello."), user("Bye")), answer("Goodbye.")));

        JsonPath json = conversationOnceItHas(conversation, 4);

        assertThat(json.getInt("usage.input_tokens")).isEqualTo(200);
        assertThat(json.getInt("usage.output_tokens")).isEqualTo(20);
        assertThat(json.getList("messages.position")).containsExactly(0, 1, 2, 3);
        assertThat(json.getString("source")).isEqualTo("api");
    }

    @Test
    void aCancelledJobKeepsItsPartialAnswerMarkedAsStoppedByTheUser() {
        String conversation = Completions.id("cancelled");
        topic.publish(Completions.completion(Completions.id("msg"), conversation, ClientKind.WEB, CompletionStatus.CANCELLED,
                null, Completions.error(ErrorType.CANCELLED, "the client stopped the generation"), Instant.now(),
                List.of(user("Write a long story")), answer("Once upon a")));

        JsonPath json = conversationOnceItHas(conversation, 2);

        assertThat(json.getString("source")).isEqualTo("web");
        assertThat(json.getString("messages[1].content[0].text")).isEqualTo("Once upon a");
        assertThat(json.getString("messages[1].stop_reason")).isEqualTo("stopped_by_user");
        assertThat(json.getBoolean("messages[1].partial")).isTrue();
    }

    @Test
    void anInterruptedJobKeepsItsPartialAnswerMarkedAsInterrupted() {
        String conversation = Completions.id("interrupted");
        topic.publish(Completions.completion(Completions.id("msg"), conversation, ClientKind.CLAUDE_CODE,
                CompletionStatus.INTERRUPTED, null, Completions.error(ErrorType.INTERRUPTED, "the worker went silent"),
                Instant.now(), List.of(user("Refactor it")), answer("First, we")));

        JsonPath json = conversationOnceItHas(conversation, 2);

        assertThat(json.getString("messages[1].stop_reason")).isEqualTo("interrupted");
        assertThat(json.getBoolean("messages[1].partial")).isTrue();
        assertThat(json.getString("messages[1].error.type")).isEqualTo("interrupted");
    }

    @Test
    void aJobThatFailedBeforeAnyTokenKeepsTheQuestionWithTheErrorAndInventsNoAnswer() {
        String conversation = Completions.id("failed");
        String job = Completions.id("msg");
        topic.publish(Completions.completion(job, conversation, ClientKind.ANTHROPIC, CompletionStatus.ERROR, null,
                Completions.error(ErrorType.OVERLOADED, "the backend is busy"), Instant.now(),
                List.of(user("Are you there?")), List.of()));

        JsonPath json = conversationOnceItHas(conversation, 1);

        assertThat(json.getList("messages.role")).containsExactly("user");
        assertThat(json.getString("messages[0].stop_reason")).isEqualTo("error");
        assertThat(json.getString("messages[0].error.type")).isEqualTo("overloaded");
        assertThat(json.getString("messages[0].error.message")).isEqualTo("the backend is busy");
        assertThat(json.getString("messages[0].job_id")).isEqualTo(job);
    }

    @Test
    void aCompletionWithoutConversationIdIsAConversationOfItsOwnNamedByItsJob() {
        String job = Completions.id("msg");
        topic.publish(Completions.ok(job, null, ClientKind.OPENAI, Instant.now(), List.of(user("One-off")), answer("Done.")));

        JsonPath json = conversationOnceItHas(job, 2);

        assertThat(json.getString("source")).isEqualTo("api");
        assertThat(json.getString("title")).isEqualTo("One-off");
    }

    @Test
    void anEditedTurnSupersedesTheStoredRestOfTheConversation() {
        String conversation = Completions.id("edited");
        String key = Completions.id("key");
        Instant t0 = Instant.now();
        topic.publish(key, Completions.ok(Completions.id("msg"), conversation, ClientKind.CLAUDE_CODE, t0,
                List.of(user("Name a colour")), answer("Red.")));
        topic.publish(key, Completions.ok(Completions.id("msg"), conversation, ClientKind.CLAUDE_CODE, t0.plusSeconds(1),
                List.of(user("Name a colour"), assistant("Red."), user("Another")), answer("Blue.")));
        // The user rewinds and asks something else after the first answer.
        topic.publish(key, Completions.ok(Completions.id("msg"), conversation, ClientKind.CLAUDE_CODE, t0.plusSeconds(2),
                List.of(user("Name a colour"), assistant("Red."), user("Name a fruit")), answer("Apple.")));

        await().atMost(STORED_WITHIN).until(() -> given().get("/api/sessions/{id}", conversation).jsonPath()
                .getInt("usage.output_tokens") == 30);
        JsonPath json = given().get("/api/sessions/{id}", conversation).jsonPath();

        assertThat(firstTexts(json)).containsExactly("Name a colour", "Red.", "Name a fruit", "Apple.");
        assertThat(json.getInt("message_count")).isEqualTo(4);
        assertThat(json.getList("messages.position")).containsExactly(0, 1, 4, 5);
    }

    @Test
    void anUndecodableRecordGoesToTheDeadLetterTopicAndTheNextRecordIsStillStored() {
        String key = Completions.id("broken");
        String conversation = Completions.id("after-broken");
        topic.publish(key, "{\"schemaVersion\":1,\"jobId\":".getBytes(StandardCharsets.UTF_8));
        topic.publish(key, "{\"schemaVersion\":99,\"jobId\":\"msg_future\",\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
        topic.publish(key, Completions.ok(Completions.id("msg"), conversation, ClientKind.ANTHROPIC, Instant.now(),
                List.of(user("Still there?")), answer("Yes.")));

        conversationOnceItHas(conversation, 2);
        List<ConsumerRecord<String, byte[]>> deadLetters = await().atMost(STORED_WITHIN)
                .until(() -> topic.deadLetters(key), records -> records.size() == 2);

        assertThat(new String(deadLetters.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"schemaVersion\":1,\"jobId\":");
        assertThat(reason(deadLetters.get(0))).contains("not a valid Completion");
        assertThat(reason(deadLetters.get(1))).contains("schema version 99");
    }

    /** The text of each message's first block that is text, null for a message without one. */
    private static List<String> firstTexts(JsonPath json) {
        List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < json.getList("messages").size(); i++) {
            List<Map<String, Object>> content = json.getList("messages[" + i + "].content");
            texts.add(content.stream().filter(block -> "text".equals(block.get("type")))
                    .map(block -> (String) block.get("text")).filter(text -> !text.isEmpty()).findFirst().orElse(null));
        }
        return texts;
    }

    private static String reason(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(MessagingChannels.DEAD_LETTER_REASON_HEADER);
        assertThat(header).as("the %s header", MessagingChannels.DEAD_LETTER_REASON_HEADER).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
