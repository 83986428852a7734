package dev.switchboard.worker.core.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Starts a {@link FakeBackendServer} on a free loopback port and points the worker at it. A test
 * gets the server in a field of its type, to script answers and read what the worker sent. Init
 * args are passed on as configuration.
 */
public abstract class FakeBackend<S extends FakeBackendServer> implements QuarkusTestResourceLifecycleManager {

    private final Class<S> type;
    private final Function<Vertx, S> servers;
    private final Map<String, String> config = new HashMap<>();
    private Vertx vertx;
    private S server;

    protected FakeBackend(Class<S> type, Function<Vertx, S> servers) {
        this.type = type;
        this.servers = servers;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        config.putAll(initArgs);
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        server = servers.apply(vertx);
        HttpServer http;
        try {
            http = vertx.createHttpServer().requestHandler(server::handle).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the fake " + type.getSimpleName() + " did not start", e);
        }
        Map<String, String> overrides = new HashMap<>(config);
        overrides.put("switchboard.worker.backend-url", "http://127.0.0.1:" + http.actualPort());
        return overrides;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.MatchesType(type));
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }
}
