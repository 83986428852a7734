package dev.switchboard.metrics.usage.repository;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseFailuresTest {

    private static PgException sqlState(String state) {
        return new PgException("failed", "ERROR", state, "detail");
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
    }

    @Test
    void serverStatesOfPassingTroubleAreOutages() {
        assertThat(DatabaseFailures.isTransient(sqlState("57P01"))).as("admin shutdown").isTrue();
        assertThat(DatabaseFailures.isTransient(sqlState("57P03"))).as("cannot connect now").isTrue();
        assertThat(DatabaseFailures.isTransient(sqlState("08006"))).as("connection failure").isTrue();
        assertThat(DatabaseFailures.isTransient(sqlState("53300"))).as("too many connections").isTrue();
        assertThat(DatabaseFailures.isTransient(sqlState("40001"))).as("serialization failure").isTrue();
        assertThat(DatabaseFailures.isTransient(new java.sql.SQLException("read only", "25006"))).isTrue();
    }

    @Test
    void badDataAndBugsAreNotOutages() {
        assertThat(DatabaseFailures.isTransient(sqlState("22001"))).as("value too long").isFalse();
        assertThat(DatabaseFailures.isTransient(sqlState("23502"))).as("not null violation").isFalse();
        assertThat(DatabaseFailures.isTransient(sqlState("42P01"))).as("undefined table").isFalse();
        assertThat(DatabaseFailures.isTransient(new IllegalStateException("HR000069: wrong thread"))).isFalse();
        assertThat(DatabaseFailures.isTransient(new HibernateException("mapping", new NullPointerException()))).isFalse();
    }
}
