package dev.switchboard.gateway.routing;

/** Where a request goes: the model as its backend names it, and the pool that runs it. */
public record Route(String requestedModel, String model, String pool) {
}
