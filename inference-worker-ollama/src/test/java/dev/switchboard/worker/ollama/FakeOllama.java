package dev.switchboard.worker.ollama;

import dev.switchboard.worker.core.testkit.FakeBackend;

/** Starts a {@link FakeOllamaServer} and points the worker at it; a test gets it in a field of that type. */
public class FakeOllama extends FakeBackend<FakeOllamaServer> {

    public FakeOllama() {
        super(FakeOllamaServer.class, FakeOllamaServer::new);
    }
}
