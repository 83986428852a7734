package dev.switchboard.worker.core.backend.http;

import com.fasterxml.jackson.databind.JsonNode;

/** What a backend supplies to {@link BackendServer}: where its JSON error bodies keep the message. */
@FunctionalInterface
public interface ErrorBodyReader {

    /** The message of an error body, or null when this body is not one of the backend's shapes. */
    String message(JsonNode body);
}
