package dev.switchboard.messaging.consumer;

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
import java.net.SocketException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class DatabaseFailuresTest {

    private static PgException pg(String sqlState, String message) {
        return new PgException(message, "ERROR", sqlState, null);
    }

    @ParameterizedTest(name = "{0} {1}: passes by itself = {2}")
    @CsvSource({
            "08006, connection failure, true",
            "08001, unable to connect, true",
            "53300, too many connections for role, true",
            "53100, disk full, true",
            "58030, could not write to file, true",
            "57P01, terminating connection due to administrator command, true",
            "57P02, crash shutdown, true",
            "57P03, the database system is starting up, true",
            "57P04, database dropped, true",
            "57P05, terminating connection due to idle-session timeout, true",
            "40001, could not serialize access, true",
            "40P01, deadlock detected, true",
            "25006, cannot execute INSERT in a read-only transaction, true",
            "40002, deferred constraint violated at commit, false",
            "57014, canceling statement due to statement timeout, false",
            "23505, duplicate key value violates unique constraint, false",
            "23502, null value violates not-null constraint, false",
            "22001, value too long, false",
            "22P05, unsupported Unicode escape sequence, false",
            "42P01, relation does not exist, false",
            "XX000, internal error, false"
    })
    void theServersStateTellsWhetherWaitingHelps(String sqlState, String message, boolean passes) {
        assertThat(DatabaseFailures.isTransient(new HibernateException(pg(sqlState, message)))).isEqualTo(passes);
        assertThat(DatabaseFailures.isTransient(new SQLException(message, sqlState))).isEqualTo(passes);
        assertThat(DatabaseFailures.transientState(sqlState)).isEqualTo(passes);
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
            assertThat(DatabaseFailures.isTransient(failure)).as(failure.toString()).isTrue();
            assertThat(DatabaseFailures.isTransient(new HibernateException(new CompletionException(failure)))).isTrue();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnreachableOrClosingDatabaseIsAnOutage() {
        assertThat(DatabaseFailures.isTransient(new ConnectException("Connection refused"))).isTrue();
        assertThat(DatabaseFailures.isTransient(new SocketException("Connection reset"))).isTrue();
        assertThat(DatabaseFailures.isTransient(ClosedConnectionException.INSTANCE)).isTrue();
        assertThat(DatabaseFailures.isTransient(new io.vertx.core.VertxException("Connection is closed"))).isTrue();
        assertThat(DatabaseFailures.isTransient(new io.smallrye.mutiny.TimeoutException())).isTrue();
        assertThat(DatabaseFailures.isTransient(new java.util.concurrent.TimeoutException())).isTrue();
    }

    @Test
    void anOutageIsFoundBehindTheWrappersOfHibernateAndMutiny() {
        assertThat(DatabaseFailures.isTransient(new HibernateException("HR000001",
                new CompletionException(new ConnectException("Connection refused"))))).isTrue();
        assertThat(DatabaseFailures.isTransient(
                new CompletionException(new HibernateException(ClosedConnectionException.INSTANCE)))).isTrue();
    }

    @Test
    void badDataAndBugsAreNotOutages() {
        assertThat(DatabaseFailures.isTransient(new IllegalArgumentException("bad"))).isFalse();
        assertThat(DatabaseFailures.isTransient(
                new UncheckedIOException(new com.fasterxml.jackson.core.JsonParseException(null, "bad json")))).isFalse();
        assertThat(DatabaseFailures.isTransient(new NullPointerException())).isFalse();
        assertThat(DatabaseFailures.isTransient(new IllegalStateException("HR000069: wrong thread"))).isFalse();
        assertThat(DatabaseFailures.isTransient(new HibernateException("mapping", new NullPointerException()))).isFalse();
    }

    @Test
    void aFailureThatCausesItselfEnds() {
        RuntimeException loop = new RuntimeException("loop");
        RuntimeException outer = new RuntimeException("outer", loop);
        loop.initCause(outer);
        assertThat(DatabaseFailures.isTransient(outer)).isFalse();
    }
}
