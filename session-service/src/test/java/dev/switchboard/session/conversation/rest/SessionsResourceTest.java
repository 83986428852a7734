package dev.switchboard.session.conversation.rest;

import dev.switchboard.contract.chat.ContentBlock;
import dev.switchboard.contract.chat.Message;
import dev.switchboard.contract.chat.Role;
import dev.switchboard.contract.completion.CompletionStatus;
import dev.switchboard.contract.event.StopReason;
import dev.switchboard.contract.job.ClientKind;
import dev.switchboard.contract.json.Json;
import dev.switchboard.session.support.Completions;
import dev.switchboard.session.support.CompletionsTopic;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.switchboard.session.support.Completions.answer;
import static dev.switchboard.session.support.Completions.user;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The REST API under /api/sessions. Conversations with messages come in as a worker would send
 * them, through the real llm.completions; each test searches for words of its own, so other
 * conversations in the shared database do not count.
 */
@QuarkusTest
class SessionsResourceTest {

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

    private static String word() {
        return "w" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Publishes one question and answer and waits until the conversation shows them. */
    private static String stored(ClientKind kind, Instant finished, String question, String reply) {
        String conversation = Completions.id("rest");
        topic.publish(Completions.ok(Completions.id("msg"), conversation, kind, finished, List.of(user(question)), answer(reply)));
        awaitMessages(conversation, 2);
        return conversation;
    }

    private static void awaitMessages(String conversation, int count) {
        await().atMost(STORED_WITHIN).until(() -> {
            var response = given().get("/api/sessions/{id}", conversation);
            return response.statusCode() == 200 && response.jsonPath().getInt("message_count") == count;
        });
    }

    private static ValidatableResponse error(ValidatableResponse response, int status, String type) {
        return response.statusCode(status)
                .contentType(ContentType.JSON)
                .body("type", is("error"))
                .body("error.type", is(type))
                .body("error.message", not(empty()));
    }

    @Test
    void aConversationCreatedEmptyIsAWebConversationAndGetsItsFirstTurnsLater() {
        String id = given().contentType(ContentType.JSON).body("{}").post("/api/sessions").then()
                .statusCode(201)
                .header("Location", notNullValue())
                .body("source", is("web"))
                .body("title", nullValue())
                .body("archived", is(false))
                .body("message_count", is(0))
                .body("models", empty())
                .body("usage.input_tokens", is(0))
                .body("created_at", notNullValue())
                .extract().path("id");
        given().post("/api/sessions").then().statusCode(201).body("source", is("web"));

        given().get("/api/sessions/{id}", id).then()
                .statusCode(200)
                .body("id", is(id))
                .body("messages", empty());

        var created = given().contentType(ContentType.JSON).body("{\"title\":\"  Trip plans \",\"source\":\"api\"}")
                .post("/api/sessions").then()
                .statusCode(201)
                .body("title", is("Trip plans"))
                .body("source", is("api"))
                .extract();
        String named = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/sessions/" + named);
        topic.publish(Completions.ok(Completions.id("msg"), named, ClientKind.WEB, Instant.now(),
                List.of(user("Where should we go?")), answer("Lisbon.")));
        awaitMessages(named, 2);
        given().get("/api/sessions/{id}", named).then()
                .body("title", is("Trip plans"))
                .body("source", is("api"))
                .body("models", hasSize(1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"title":                          | not valid JSON
            [1,2]                              | a JSON object
            {"source":"moon"}                  | source must be one of claude-code, web, api
            {"source":7}                       | source must be a string
            {"title":5}                        | title must be a non-empty string
            {"title":"   "}                    | title must be a non-empty string
            {"colour":"red"}                   | unknown field 'colour'
            """)
    void aBadCreationBodyIsRefusedWithWhatToFix(String body, String message) {
        error(given().contentType(ContentType.JSON).body(body).post("/api/sessions").then(), 400, "invalid_request_error")
                .body("error.message", containsString(message));
    }

    @Test
    void anUnknownConversationIsNotFound() {
        error(given().get("/api/sessions/{id}", "no-such-" + UUID.randomUUID()).then(), 404, "not_found_error")
                .body("error.message", containsString("no conversation has the id"));
        error(given().contentType(ContentType.JSON).body("{\"archived\":true}")
                .patch("/api/sessions/{id}", "no-such-conversation").then(), 404, "not_found_error");
        error(given().delete("/api/sessions/{id}", "no-such-conversation").then(), 404, "not_found_error");
        error(given().get("/api/sessions/{id}/export", "no-such-conversation").then(), 404, "not_found_error");
        error(given().get("/api/sessions/a/b/c").then(), 404, "not_found_error");
        error(given().put("/api/sessions/{id}", "whatever").then(), 405, "invalid_request_error");
    }

    @Test
    void searchFindsTitlesAndMessageTextCaseInsensitivelyNewestFirstAndFiltersAndPages() {
        String word = word();
        String answerWord = word();
        Instant t0 = Instant.now();
        String oldest = stored(ClientKind.CLAUDE_CODE, t0, "Fix the build " + word, "Done.");
        String middle = stored(ClientKind.WEB, t0.plusSeconds(1), "Plan a trip " + word, "Lisbon " + answerWord + ".");
        String newest = stored(ClientKind.OPENAI, t0.plusSeconds(2), "Summarise " + word.toUpperCase(), "Short.");

        given().get("/api/sessions?q={q}", word).then()
                .statusCode(200)
                .body("total", is(3))
                .body("page", is(0))
                .body("size", is(20))
                .body("items.id", is(List.of(newest, middle, oldest)))
                .body("items[0].messages", nullValue())
                .body("items[0].message_count", is(2))
                .body("items[0].usage.output_tokens", is(10));
        given().get("/api/sessions?q={q}", answerWord.toUpperCase()).then()
                .body("total", is(1))
                .body("items.id", is(List.of(middle)));
        given().get("/api/sessions?q={q}&source=claude-code", word).then().body("items.id", is(List.of(oldest)));
        given().get("/api/sessions?q={q}&source=web", word).then().body("items.id", is(List.of(middle)));
        given().get("/api/sessions?q={q}&source=api", word).then().body("items.id", is(List.of(newest)));
        given().get("/api/sessions?q={q}&size=2", word).then()
                .body("total", is(3)).body("size", is(2)).body("items.id", is(List.of(newest, middle)));
        given().get("/api/sessions?q={q}&size=2&page=1", word).then()
                .body("total", is(3)).body("page", is(1)).body("items.id", is(List.of(oldest)));
        given().get("/api/sessions?q={q}&size=2&page=5", word).then().body("total", is(3)).body("items", empty());

        given().contentType(ContentType.JSON).body("{\"archived\":true}").patch("/api/sessions/{id}", middle).then()
                .statusCode(200).body("archived", is(true));
        given().get("/api/sessions?q={q}&archived=true", word).then().body("items.id", is(List.of(middle)));
        given().get("/api/sessions?q={q}&archived=false", word).then().body("items.id", is(List.of(newest, oldest)));
    }

    @Test
    void searchTakesWildcardsLiterally() {
        String word = word();
        String percent = stored(ClientKind.ANTHROPIC, Instant.now(), "Is 100% " + word + " done?", "Yes.");

        given().get("/api/sessions?q={q}", "100% " + word).then().body("items.id", is(List.of(percent)));
        given().get("/api/sessions?q={q}", "1_0% " + word).then().body("total", is(0));
        given().get("/api/sessions?q={q}", "100%" + word).then().body("total", is(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            page=-1            | page must be from 0
            page=abc           | page must be a whole number
            size=0             | size must be from 1 to 200
            size=201           | size must be from 1 to 200
            size=ten           | size must be a whole number
            source=moon        | source must be one of claude-code, web, api
            archived=maybe     | archived must be true or false
            """)
    void badPagingAndFiltersAreRefusedWithWhatToFix(String query, String message) {
        error(given().get("/api/sessions?" + query).then(), 400, "invalid_request_error")
                .body("error.message", containsString(message));
    }

    @Test
    void aConversationIsRenamedArchivedAndKeepsItsTitleAsItGoesOn() {
        String conversation = stored(ClientKind.CLAUDE_CODE, Instant.now(), "Original question", "Answer.");
        given().get("/api/sessions/{id}", conversation).then().body("title", is("Original question"));

        given().contentType(ContentType.JSON).body("{\"title\":\"Renamed\"}").patch("/api/sessions/{id}", conversation).then()
                .statusCode(200)
                .body("title", is("Renamed"))
                .body("archived", is(false));
        given().contentType(ContentType.JSON).body("{\"archived\":true}").patch("/api/sessions/{id}", conversation).then()
                .statusCode(200)
                .body("title", is("Renamed"))
                .body("archived", is(true));
        topic.publish(Completions.ok(Completions.id("msg"), conversation, ClientKind.CLAUDE_CODE, Instant.now(),
                List.of(user("Original question"), Completions.assistant("Answer."), user("More")), answer("Sure.")));
        awaitMessages(conversation, 4);

        given().get("/api/sessions/{id}", conversation).then().body("title", is("Renamed"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {}                         | nothing to change
            {"archived":"yes"}         | archived must be true or false
            {"title":null}             | title must be a non-empty string
            {"pinned":true}            | unknown field 'pinned'
            not json                   | not valid JSON
            """)
    void aBadPatchIsRefusedWithWhatToFix(String body, String message) {
        String id = given().post("/api/sessions").then().statusCode(201).extract().path("id");

        error(given().contentType(ContentType.JSON).body(body).patch("/api/sessions/{id}", id).then(), 400,
                "invalid_request_error").body("error.message", containsString(message));
    }

    @Test
    void anEmptyPatchBodyIsRefused() {
        String id = given().post("/api/sessions").then().statusCode(201).extract().path("id");

        error(given().contentType(ContentType.JSON).patch("/api/sessions/{id}", id).then(), 400, "invalid_request_error")
                .body("error.message", containsString("the body is empty"));
    }

    @Test
    void givenAnApiKeyOnlyThatKeysConversationsExist() {
        String mine = "key_" + word();
        String theirs = "key_" + word();
        String word = word();
        String created = given().queryParam("api_key", mine).contentType(ContentType.JSON)
                .body("{\"title\":\"" + word + " made\"}").post("/api/sessions").then()
                .statusCode(201).extract().path("id");
        String answered = Completions.id("keyed");
        topic.publish(Completions.okWithKey(mine, Completions.id("msg"), answered, Instant.now(),
                List.of(user(word + " question")), answer("An answer.")));
        String other = Completions.id("keyed");
        topic.publish(Completions.okWithKey(theirs, Completions.id("msg"), other, Instant.now(),
                List.of(user(word + " their question")), answer("Their answer.")));
        awaitMessages(answered, 2);
        awaitMessages(other, 2);

        given().queryParam("api_key", mine).queryParam("q", word).get("/api/sessions").then()
                .statusCode(200)
                .body("total", is(2))
                .body("items.id", containsInAnyOrder(created, answered));
        given().queryParam("api_key", theirs).queryParam("q", word).get("/api/sessions").then()
                .body("items.id", contains(other));
        given().queryParam("q", word).get("/api/sessions").then().body("total", is(3));

        given().queryParam("api_key", mine).get("/api/sessions/{id}", answered).then().statusCode(200);
        error(given().queryParam("api_key", mine).get("/api/sessions/{id}", other).then(), 404, "not_found_error");
        error(given().queryParam("api_key", mine).get("/api/sessions/{id}/export", other).then(), 404, "not_found_error");
        error(given().queryParam("api_key", mine).contentType(ContentType.JSON).body("{\"archived\":true}")
                .patch("/api/sessions/{id}", other).then(), 404, "not_found_error");
        error(given().queryParam("api_key", mine).delete("/api/sessions/{id}", other).then(), 404, "not_found_error");
        given().get("/api/sessions/{id}", other).then().statusCode(200).body("archived", is(false));
        given().queryParam("api_key", theirs).delete("/api/sessions/{id}", other).then().statusCode(204);
    }

    @Test
    void aTurnNamingAnotherKeysConversationIsFiledInItsOwnKeysConversationNeverInTheOther() {
        String alice = "key_" + word();
        String mallory = "key_" + word();
        String shared = Completions.id("shared");
        topic.publish(Completions.okWithKey(alice, Completions.id("msg"), shared, Instant.now(),
                List.of(user("Alice's secret plan")), answer("Noted, Alice.")));
        awaitMessages(shared, 2);

        // Another key names the same conversation (a guessed id, or an OpenAI "user" both send).
        topic.publish(Completions.okWithKey(mallory, Completions.id("msg"), shared, Instant.now(),
                List.of(user("Mallory was here")), answer("Hello, Mallory.")));
        String mallorys = shared + "@" + mallory;
        awaitMessages(mallorys, 2);

        given().queryParam("api_key", alice).get("/api/sessions/{id}", shared).then().statusCode(200)
                .body("message_count", is(2))
                .body("messages.collect { it.content[0].text }", contains("Alice's secret plan", "Noted, Alice."));
        given().queryParam("api_key", mallory).get("/api/sessions/{id}", mallorys).then().statusCode(200)
                .body("messages.collect { it.content[0].text }", contains("Mallory was here", "Hello, Mallory."));
        error(given().queryParam("api_key", mallory).get("/api/sessions/{id}", shared).then(), 404, "not_found_error");

        // Mallory's next turn in that conversation, by either id, goes to Mallory's.
        topic.publish(Completions.okWithKey(mallory, Completions.id("msg"), shared, Instant.now(),
                List.of(user("Mallory was here"), Completions.assistant("Hello, Mallory."), user("Again")), answer("Again, hello.")));
        awaitMessages(mallorys, 4);
        given().queryParam("api_key", alice).get("/api/sessions/{id}", shared).then().body("message_count", is(2));
    }

    @Test
    void aDeletedConversationIsGone() {
        String conversation = stored(ClientKind.ANTHROPIC, Instant.now(), "Forget me", "Forgotten.");

        given().delete("/api/sessions/{id}", conversation).then().statusCode(204);

        error(given().get("/api/sessions/{id}", conversation).then(), 404, "not_found_error");
        error(given().delete("/api/sessions/{id}", conversation).then(), 404, "not_found_error");
    }

    @Test
    void theExportIsAMarkdownTranscriptOrJson() {
        String conversation = Completions.id("export");
        String call = "toolu_" + UUID.randomUUID().toString().replace("-", "");
        // One key for both turns: read in the order published.
        String key = Completions.id("key");
        topic.publish(key, Completions.completion(Completions.id("msg"), conversation, ClientKind.CLAUDE_CODE, CompletionStatus.OK,
                StopReason.TOOL_USE, null, Instant.now(),
                List.of(user("Show the marker")),
                List.of(new ContentBlock.Thinking("The user wants the file.", "sig"), new ContentBlock.ToolUse(call, "Bash",
                        Json.mapper().createObjectNode().put("command", "cat marker.txt")))));
        topic.publish(key, Completions.ok(Completions.id("msg"), conversation, ClientKind.CLAUDE_CODE, Instant.now(),
                List.of(user("Show the marker"), new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse(call, "Bash",
                                Json.mapper().createObjectNode()))),
                        new Message(Role.USER, List.of(new ContentBlock.ToolResult(call,
                                List.of(new ContentBlock.Text("marker-7731")), false)))),
                answer("The marker was shown.")));
        awaitMessages(conversation, 4);

        String markdown = given().get("/api/sessions/{id}/export?format=markdown", conversation).then()
                .statusCode(200)
                .contentType(startsWith("text/markdown"))
                .header("Content-Disposition", containsString(".md"))
                .extract().asString();
        assertThat(markdown)
                .startsWith("# Show the marker\n")
                .contains("### User", "### Assistant (" + Completions.MODEL + ")", "<summary>Thinking</summary>",
                        "**Tool call** `Bash` (`" + call + "`)", "\"command\" : \"cat marker.txt\"",
                        "**Tool result** for `" + call + "`", "marker-7731", "The marker was shown.");
        given().get("/api/sessions/{id}/export", conversation).then()
                .statusCode(200).contentType(startsWith("text/markdown"));

        given().get("/api/sessions/{id}/export?format=json", conversation).then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .header("Content-Disposition", containsString(".json"))
                .body("id", is(conversation))
                .body("title", is("Show the marker"))
                .body("messages", hasSize(4))
                .body("messages[1].content[0].type", is("thinking"))
                .body("messages[1].content[1].input.command", is("cat marker.txt"))
                .body("messages[1].stop_reason", is("tool_use"))
                .body("messages[2].content[0].tool_use_id", is(call))
                .body("messages[2].content[0].is_error", is(false))
                .body("messages[2].content[0].content[0].text", is("marker-7731"));

        error(given().get("/api/sessions/{id}/export?format=pdf", conversation).then(), 400, "invalid_request_error")
                .body("error.message", containsString("format must be markdown or json"));
    }
}
