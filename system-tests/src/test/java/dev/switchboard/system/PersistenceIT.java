package dev.switchboard.system;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Metadata;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/** The whole path from an Anthropic SDK request through the suite to a stored conversation and its usage. */
class PersistenceIT {

    private static AnthropicClient client;

    @BeforeAll
    static void connect() {
        client = Suite.anthropic();
    }

    @AfterAll
    static void close() {
        client.close();
    }


    @Test
    void aConversationIsStoredTurnByTurnAndItsUsageRecorded() {
        String session = UUID.randomUUID().toString();
        Metadata metadata = Metadata.builder().userId("{\"session_id\":\"" + session + "\"}").build();
        MessageCreateParams.Builder first = MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(256).metadata(metadata)
                .addUserMessage("Name a colour. [[sim reply=\"Teal.\" ttft_ms=5 tps=500]]");
        Message answer = client.messages().create(first.build());
        Message second = client.messages().create(first.addMessage(answer)
                .addUserMessage("And another? [[sim reply=\"Amber.\" ttft_ms=5 tps=500]]").build());
        assertThat(Suite.text(second)).isEqualTo("Amber.");

        JsonPath conversation = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(
                () -> given().baseUri(Suite.GATEWAY).get("/api/sessions/" + session).then().extract().jsonPath(),
                json -> json.getInt("message_count") == 4);
        assertThat(conversation.getString("source")).isEqualTo("api");
        assertThat(conversation.getString("title")).startsWith("Name a colour.");
        assertThat(conversation.getList("models", String.class)).contains("qwen2.5-coder:7b");
        assertThat(conversation.getList("messages.role", String.class)).containsExactly("user", "assistant", "user", "assistant");
        assertThat(conversation.getString("messages[1].content[0].text")).isEqualTo("Teal.");
        assertThat(conversation.getString("messages[3].content[0].text")).isEqualTo("Amber.");
        assertThat(conversation.getString("messages[3].job_id")).isEqualTo(second.id());
        assertThat(conversation.getLong("usage.output_tokens")).isPositive();

        JsonPath usage = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(
                () -> given().baseUri(Suite.GATEWAY).queryParam("conversation_id", session).get("/api/metrics/usage")
                        .then().statusCode(200).extract().jsonPath(),
                json -> json.getInt("total") == 2);
        assertThat(usage.getList("items.job_id", String.class)).containsExactlyInAnyOrder(answer.id(), second.id());
        assertThat(usage.getList("items.status", String.class)).containsOnly("ok");
        assertThat(usage.getList("items.output_tokens", Integer.class)).allSatisfy(tokens -> assertThat(tokens).isPositive());

        given().baseUri(Suite.GATEWAY).get("/api/metrics/usage/" + second.id()).then().statusCode(200)
                .body("model", is("qwen2.5-coder:7b")).body("conversation_id", is(session));
        given().baseUri(Suite.GATEWAY).queryParam("from", Instant.now().minusSeconds(600).toString())
                .queryParam("group_by", "model").get("/api/metrics/summary").then().statusCode(200)
                .body("groups.find { it.key == 'qwen2.5-coder:7b' }.requests", org.hamcrest.Matchers.greaterThanOrEqualTo(2));
    }

    @Test
    void theSessionsApiRenamesArchivesExportsAndDeletesThroughTheGateway() {
        String id = given().baseUri(Suite.GATEWAY).contentType("application/json").body("{\"title\":\"Plans for the week\"}")
                .post("/api/sessions").then().statusCode(201).extract().path("id");

        given().baseUri(Suite.GATEWAY).contentType("application/json").body("{\"title\":\"Plans\",\"archived\":true}")
                .patch("/api/sessions/" + id).then().statusCode(200).body("title", is("Plans")).body("archived", is(true));
        assertThat(given().baseUri(Suite.GATEWAY).queryParam("archived", "true").queryParam("q", "Plans")
                .get("/api/sessions").then().statusCode(200).extract().<List<String>>path("items.id")).contains(id);
        given().baseUri(Suite.GATEWAY).get("/api/sessions/" + id + "/export?format=markdown").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("text/markdown")).body(org.hamcrest.Matchers.containsString("Plans"));
        given().baseUri(Suite.GATEWAY).delete("/api/sessions/" + id).then().statusCode(204);
        given().baseUri(Suite.GATEWAY).get("/api/sessions/" + id).then().statusCode(404).body("error.type", is("not_found_error"));
        given().baseUri(Suite.GATEWAY).queryParam("page", "-1").get("/api/sessions").then().statusCode(400)
                .body("error.type", is("invalid_request_error"));
        given().baseUri(Suite.GATEWAY).queryParam("from", "yesterday").get("/api/metrics/summary").then().statusCode(400)
                .body("error.type", is("invalid_request_error"));
    }
}
