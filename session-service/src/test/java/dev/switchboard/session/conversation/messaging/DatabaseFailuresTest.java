package dev.switchboard.session.conversation.messaging;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class DatabaseFailuresTest {

    private static PgException pg(String sqlState, String message) {
        return new PgException(message, "ERROR", sqlState, null);
    }

    @Test
    void aRefusedConnectionFromTheRealClientIsTheDatabaseBeingAway() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Vertx vertx = Vertx.vertx();
        try {
            Throwable failure = catchThrowable(() -> PgConnection.connect(vertx, new PgConnectOptions()
                            .setHost("127.0.0.1").setPort(closedPort).setDatabase("switchboard").setUser("switchboard"))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));

            assertThat(failure).isNotNull();
            assertThat(DatabaseFailures.databaseUnavailable(failure)).as(failure.toString()).isTrue();
            assertThat(DatabaseFailures.databaseUnavailable(new HibernateException(new CompletionException(failure))))
                    .isTrue();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aConnectionClosedUnderAQueryIsTheDatabaseBeingAway() {
        assertThat(DatabaseFailures.databaseUnavailable(
                new CompletionException(new HibernateException(ClosedConnectionException.INSTANCE)))).isTrue();
        assertThat(DatabaseFailures.databaseUnavailable(new ConnectException("Connection refused"))).isTrue();
        assertThat(DatabaseFailures.databaseUnavailable(new io.smallrye.mutiny.TimeoutException())).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "57P01, terminating connection due to administrator command, true",
            "57P03, the database system is starting up, true",
            "08006, connection failure, true",
            "53300, too many connections for role, true",
            "40P01, deadlock detected, true",
            "23505, duplicate key value violates unique constraint, false",
            "22P05, unsupported Unicode escape sequence, false",
            "42P01, relation does not exist, false",
            "57014, canceling statement due to statement timeout, false"
    })
    void theServersStateTellsWhetherWaitingHelps(String sqlState, String message, boolean unavailable) {
        assertThat(DatabaseFailures.databaseUnavailable(new HibernateException(pg(sqlState, message))))
                .isEqualTo(unavailable);
    }

    @Test
    void aBrokenRecordIsNotTheDatabaseBeingAway() {
        assertThat(DatabaseFailures.databaseUnavailable(new IllegalArgumentException("bad"))).isFalse();
        assertThat(DatabaseFailures.databaseUnavailable(
                new UncheckedIOException(new com.fasterxml.jackson.core.JsonParseException(null, "bad json")))).isFalse();
        assertThat(DatabaseFailures.databaseUnavailable(new NullPointerException())).isFalse();
    }
}
