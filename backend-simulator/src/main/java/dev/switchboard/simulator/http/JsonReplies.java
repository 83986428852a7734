package dev.switchboard.simulator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes JSON answers. */
@ApplicationScoped
public class JsonReplies {

    public static final String JSON = "application/json; charset=utf-8";

    private final ObjectMapper mapper;

    public JsonReplies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public void send(RoutingContext rc, int status, Object body) {
        sendRaw(rc, status, JSON, write(body));
    }

    public void sendRaw(RoutingContext rc, int status, String contentType, String body) {
        if (rc.response().ended() || rc.response().closed()) {
            return;
        }
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(body);
    }
}
