package dev.switchboard.session.conversation.messaging;

import dev.switchboard.contract.job.ClientKind;
import dev.switchboard.session.support.Completions;
import dev.switchboard.session.support.CompletionsTopic;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.switchboard.session.support.Completions.answer;
import static dev.switchboard.session.support.Completions.assistant;
import static dev.switchboard.session.support.Completions.user;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database connection dropping under a transaction, as when PostgreSQL stops, without stopping
 * the PostgreSQL other engineers share: the service's transaction is held on a row lock, then its
 * connection is killed from the server side. The record is tried again and stored, not dead-lettered.
 */
@QuarkusTest
class DatabaseConnectionLossTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final Pattern WAITS = Pattern.compile(
            "switchboard_session_completions_retries_total\\{cause=\"database_unavailable\"[^}]*} ([0-9.E]+)");
    private static CompletionsTopic topic;

    @BeforeAll
    static void connect() {
        topic = new CompletionsTopic();
    }

    @AfterAll
    static void disconnect() {
        topic.close();
    }

    private static Connection database() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    private static double waitsForTheDatabase() {
        Matcher matcher = WAITS.matcher(given().get("/q/metrics").asString());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static int messages(String conversation) {
        var response = given().get("/api/sessions/{id}", conversation);
        return response.statusCode() == 200 ? response.jsonPath().getInt("message_count") : 0;
    }

    /** The service's backend waiting for the lock the test holds, or null until it does. */
    private static Integer waitingBackend(Connection admin) throws SQLException {
        String application = ConfigProvider.getConfig()
                .getValue("quarkus.datasource.reactive.additional-properties.application_name", String.class);
        try (PreparedStatement query = admin.prepareStatement(
                "select pid from pg_stat_activity where application_name = ? and wait_event_type = 'Lock'")) {
            query.setString(1, application);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getInt(1) : null;
            }
        }
    }

    @Test
    void aConnectionKilledUnderATransactionIsTriedAgainAndTheTurnStored() throws Exception {
        String conversation = Completions.id("connection-loss");
        String key = Completions.id("key");
        Instant t0 = Instant.now();
        topic.publish(key, Completions.ok(Completions.id("msg"), conversation, ClientKind.CLAUDE_CODE, t0,
                List.of(user("First")), answer("One.")));
        await().atMost(WITHIN).until(() -> messages(conversation) == 2);
        double waitsBefore = waitsForTheDatabase();

        try (Connection blocker = database(); Connection admin = database()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement("select id from session.conversation where id = ? for update")) {
                lock.setString(1, conversation);
                lock.executeQuery().close();
            }
            topic.publish(key, Completions.ok(Completions.id("msg"), conversation, ClientKind.CLAUDE_CODE, t0.plusSeconds(1),
                    List.of(user("First"), assistant("One."), user("Second")), answer("Two.")));
            int backend = await().atMost(WITHIN).until(() -> waitingBackend(admin), Objects::nonNull);
            try (PreparedStatement kill = admin.prepareStatement("select pg_terminate_backend(?)")) {
                kill.setInt(1, backend);
                kill.executeQuery().close();
            }
            blocker.rollback();
        }

        await().atMost(WITHIN).until(() -> messages(conversation) == 4);
        assertThat(waitsForTheDatabase()).isGreaterThan(waitsBefore);
        assertThat(topic.deadLetters(key)).isEmpty();
        assertThat(given().get("/api/sessions/{id}", conversation).jsonPath().getInt("usage.output_tokens")).isEqualTo(20);
    }
}
