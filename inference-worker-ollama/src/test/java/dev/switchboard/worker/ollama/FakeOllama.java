package dev.switchboard.worker.ollama;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a {@link FakeOllamaServer} on a free loopback port and points the worker at it. A test
 * gets the server in a field of type {@link FakeOllamaServer}, to script answers and read what the
 * worker sent.
 */
public class FakeOllama implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;
    private HttpServer http;
    private FakeOllamaServer server;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        server = new FakeOllamaServer(vertx);
        try {
            http = vertx.createHttpServer().requestHandler(server::handle).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the fake Ollama did not start", e);
        }
        return Map.of("switchboard.worker.backend-url", "http://127.0.0.1:" + http.actualPort());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.MatchesType(FakeOllamaServer.class));
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }
}
