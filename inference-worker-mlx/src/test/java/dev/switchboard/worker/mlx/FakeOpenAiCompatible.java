package dev.switchboard.worker.mlx;

import dev.switchboard.worker.core.testkit.FakeBackend;

/**
 * Starts a {@link FakeOpenAiCompatibleServer} and points the worker at it; a test gets it in a field
 * of that type. Init args are passed on as configuration.
 */
public class FakeOpenAiCompatible extends FakeBackend<FakeOpenAiCompatibleServer> {

    public FakeOpenAiCompatible() {
        super(FakeOpenAiCompatibleServer.class, FakeOpenAiCompatibleServer::new);
    }
}
