package dev.switchboard.gateway.front;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.contract.json.Json;

/** What the fronts' translation tests share: JSON from text, and a real one-pixel PNG. */
public final class FrontJson {

    /** A 1×1 PNG, base64. */
    public static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    private FrontJson() {
    }

    public static JsonNode json(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
