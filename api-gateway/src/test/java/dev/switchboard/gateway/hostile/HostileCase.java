package dev.switchboard.gateway.hostile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One hostile request of the corpus against one endpoint, and what the gateway must answer: one of
 * {@code expected}'s statuses (each a 4xx) with its error type, in the error shape of the endpoint's protocol.
 *
 * @param expected        allowed status → the {@code error.type} that must come with it
 * @param messageContains fragments the error message must contain (ignoring case): it says what to fix
 * @param requestId       whether the endpoint sets a {@code request-id} header (equal to the body's {@code request_id})
 * @param maxBodyBytes    an error answer stays small, whatever the request held
 * @param errorBody       false for requests the HTTP codec refuses before any route sees them: a
 *                        bare 4xx, or the connection closed, is all that can be asked there
 * @param shape           whose error body the answer must be: the front's protocol
 */
record HostileCase(
        String file,
        String family,
        String name,
        String method,
        String target,
        Map<String, String> headers,
        RequestBody body,
        Delivery delivery,
        Map<Integer, String> expected,
        List<String> messageContains,
        boolean requestId,
        int maxBodyBytes,
        boolean errorBody,
        Shape shape) {

    /** The error bodies of the fronts: Anthropic's (also the {@code /api} endpoints'), OpenAI's, Ollama's. */
    enum Shape { ANTHROPIC, OPENAI, OLLAMA }

    String displayName() {
        return "[" + family + "] " + name + " — " + method + " " + abbreviate(target, 90);
    }

    RawHttp.Request request() {
        return new RawHttp.Request(method, target, headers, body, delivery);
    }

    String describe() {
        Map<String, String> shown = new LinkedHashMap<>();
        headers.forEach((header, value) -> shown.put(header, value == null ? null : abbreviate(value, 80)));
        return method + " " + abbreviate(target, 200) + " " + shown + " body " + body.length() + " bytes, "
                + delivery.getClass().getSimpleName().toLowerCase() + " (" + file + ")";
    }

    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
    }
}
