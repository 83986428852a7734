package dev.switchboard.metrics.usage.repository;

import dev.switchboard.metrics.usage.Bucket;
import dev.switchboard.metrics.usage.GroupBy;
import dev.switchboard.metrics.usage.SeriesFilter;
import dev.switchboard.metrics.usage.TimeRange;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast the summary and time-series statements are over a year of usage. Not a test: it runs
 * only when asked, takes minutes, and reports numbers instead of asserting them.
 * <pre>
 * ./mvnw -B -pl metrics-service test -Dtest=UsageQueryBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dswitchboard.benchmark=true [-Dswitchboard.benchmark.rows=1000000]
 * </pre>
 * It migrates a schema of its own ({@code metrics_bench}) with the service's Flyway migrations,
 * fills it with {@code benchmark/usage-records-year.sql}, times each statement of
 * {@link UsageStatistics} several times through the reactive client, prints the timings (and
 * writes them to {@code target/usage-query-benchmark.txt}), and drops the schema.
 */
@EnabledIfSystemProperty(named = "switchboard.benchmark", matches = "true")
class UsageQueryBenchmark {

    private static final String SCHEMA = "metrics_bench";
    private static final int RUNS = 5;
    private static final List<String> LINES = new ArrayList<>();

    private static String jdbcUrl;
    private static String user;
    private static String password;
    private static Vertx vertx;
    private static PgPool pool;

    @BeforeAll
    static void fill() throws SQLException, IOException {
        jdbcUrl = env("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/switchboard");
        user = env("QUARKUS_DATASOURCE_USERNAME", "switchboard");
        password = env("QUARKUS_DATASOURCE_PASSWORD", "switchboard");
        long rows = Long.getLong("switchboard.benchmark.rows", 1_000_000);

        dropSchema();
        Flyway.configure().dataSource(jdbcUrl, user, password).schemas(SCHEMA).load().migrate();
        String fill;
        try (InputStream in = UsageQueryBenchmark.class.getResourceAsStream("/benchmark/usage-records-year.sql")) {
            fill = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(":rows", Long.toString(rows));
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("set search_path to " + SCHEMA);
            long started = System.nanoTime();
            int inserted = statement.executeUpdate(fill);
            report("inserted %,d rows (indexes included) in %s", inserted, Duration.ofNanos(System.nanoTime() - started));
            statement.execute("analyze usage_records");
            assertThat(inserted).isEqualTo(rows);
        }
        vertx = Vertx.vertx();
        PgConnectOptions connect = PgConnectOptions.fromUri(jdbcUrl.substring("jdbc:".length()))
                .setUser(user).setPassword(password);
        pool = PgPool.pool(vertx, connect, new PoolOptions().setMaxSize(1));
    }

    @AfterAll
    static void dropAll() throws SQLException {
        if (pool != null) {
            pool.closeAndAwait();
        }
        if (vertx != null) {
            vertx.closeAndAwait();
        }
        dropSchema();
    }

    @Test
    void summaryAndTimeSeriesOverAYear() throws IOException {
        UsageStatistics statistics = new UsageStatistics(pool, SCHEMA + ".usage_records");
        Instant now = Instant.now();
        TimeRange day = new TimeRange(now.minus(Duration.ofDays(1)), now);
        TimeRange month = new TimeRange(now.minus(Duration.ofDays(30)), now);
        TimeRange year = new TimeRange(now.minus(Duration.ofDays(366)), now);

        time("summary, last 24 h, overall", () -> statistics.summary(day, null));
        time("summary, last 24 h, by model", () -> statistics.summary(day, GroupBy.MODEL));
        time("summary, 30 days, by model", () -> statistics.summary(month, GroupBy.MODEL));
        time("summary, 30 days, by day", () -> statistics.summary(month, GroupBy.DAY));
        time("summary, 1 year, overall", () -> statistics.summary(year, null));
        time("summary, 1 year, by model", () -> statistics.summary(year, GroupBy.MODEL));
        time("summary, 1 year, by pool", () -> statistics.summary(year, GroupBy.POOL));
        time("summary, 1 year, by client_kind", () -> statistics.summary(year, GroupBy.CLIENT_KIND));
        time("summary, 1 year, by day", () -> statistics.summary(year, GroupBy.DAY));
        SeriesFilter all = new SeriesFilter(null, null, null, null);
        SeriesFilter oneModel = new SeriesFilter("qwen3:30b", null, null, null);
        time("timeseries, last 24 h, by minute", () -> statistics.timeseries(day, Bucket.MINUTE, all));
        time("timeseries, 30 days, by hour", () -> statistics.timeseries(month, Bucket.HOUR, all));
        time("timeseries, 1 year, by day", () -> statistics.timeseries(year, Bucket.DAY, all));
        time("timeseries, 1 year, by hour", () -> statistics.timeseries(year, Bucket.HOUR, all));
        time("timeseries, 1 year, by day, one model", () -> statistics.timeseries(year, Bucket.DAY, oneModel));
        time("timeseries, 30 days, by hour, one model", () -> statistics.timeseries(month, Bucket.HOUR, oneModel));
        Files.write(Path.of("target", "usage-query-benchmark.txt"), LINES, StandardCharsets.UTF_8);
    }

    private static void time(String name, Supplier<Uni<? extends List<?>>> query) {
        List<Duration> runs = new ArrayList<>();
        int size = 0;
        for (int run = 0; run < RUNS; run++) {
            long started = System.nanoTime();
            size = query.get().await().atMost(Duration.ofMinutes(5)).size();
            runs.add(Duration.ofNanos(System.nanoTime() - started));
        }
        List<Duration> sorted = runs.stream().sorted().toList();
        report("%-44s %5d rows  first %6d ms  median %6d ms  best %6d ms", name, size, runs.getFirst().toMillis(),
                sorted.get(RUNS / 2).toMillis(), sorted.getFirst().toMillis());
    }

    private static void report(String format, Object... arguments) {
        String line = String.format(Locale.ROOT, format, arguments);
        LINES.add(line);
        System.out.println("[benchmark] " + line);
    }

    private static void dropSchema() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    private static String env(String name, String absent) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? absent : value;
    }
}
