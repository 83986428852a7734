package dev.switchboard.simulator.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.simulator.http.JsonReplies;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;

/** {@code GET /simulator/stats}, {@code POST /simulator/reset}, {@code GET /simulator/requests?limit=N}. */
@ApplicationScoped
public class StatsRoutes {

    private static final int DEFAULT_LIMIT = 20;

    private final SimulatorStats stats;
    private final JsonReplies replies;
    private final ObjectMapper mapper;

    public StatsRoutes(SimulatorStats stats, JsonReplies replies, ObjectMapper mapper) {
        this.stats = stats;
        this.replies = replies;
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        router.get("/simulator/stats").handler(rc -> replies.send(rc, 200, stats.view()));
        router.post("/simulator/reset").handler(rc -> {
            stats.reset();
            rc.response().setStatusCode(204).end();
        });
        router.get("/simulator/requests").handler(this::requests);
    }

    private void requests(RoutingContext rc) {
        int limit = DEFAULT_LIMIT;
        List<String> asked = rc.queryParam("limit");
        if (!asked.isEmpty()) {
            try {
                limit = Integer.parseInt(asked.get(0));
                if (limit < 1) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                replies.send(rc, 400, mapper.createObjectNode().put("error", "limit must be a whole number >= 1"));
                return;
            }
        }
        ArrayNode out = mapper.createArrayNode();
        for (RawRequest r : stats.lastBodies(limit)) {
            ObjectNode node = out.addObject();
            node.put("requestId", r.requestId());
            node.put("protocol", r.protocol().wireName());
            node.put("method", r.method());
            node.put("path", r.path());
            node.put("receivedAt", r.receivedAt());
            node.set("headers", mapper.valueToTree(r.headers()));
            node.put("truncated", r.truncated());
            node.set("body", body(r));
        }
        replies.send(rc, 200, out);
    }

    /** The body as JSON when it is whole JSON, else as a string. */
    private JsonNode body(RawRequest r) {
        if (!r.truncated() && !r.body().isBlank()) {
            try {
                return mapper.readTree(r.body());
            } catch (JsonProcessingException notJson) {
                // kept as text below
            }
        }
        return mapper.getNodeFactory().textNode(r.body());
    }
}
