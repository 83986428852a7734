package dev.switchboard.gateway.keys.rest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.contract.error.ApiErrorType;
import dev.switchboard.contract.json.Json;
import dev.switchboard.gateway.api.ApiExceptionMappers;
import dev.switchboard.gateway.api.Downstream;
import dev.switchboard.gateway.keys.KeyMirror;
import dev.switchboard.gateway.keys.KeyRecord;
import dev.switchboard.gateway.keys.KeyService;
import dev.switchboard.gateway.keys.Secrets;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestPath;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The key API, for the administrator (the auth check lets only the admin token through): keys are
 * kept by session-service, and copied into Redis for every gateway as they change. The secret is
 * made here, answered once in the 201 of its creation, and never stored, logged or answered again.
 * A revocation leaves Redis first, so no gateway accepts the key from then on.
 */
@Path("/api/keys")
public class KeysResource {

    private static final Logger LOG = Logger.getLogger(KeysResource.class);
    private static final String SERVICE = "session-service";

    private final KeyService keys;
    private final KeyMirror mirror;

    public KeysResource(KeyService keys, KeyMirror mirror) {
        this.keys = keys;
        this.mirror = mirror;
    }

    /** Body {@code {"name", "expires_at"?, "models"?, "limits"?}}; answers the key with its secret, {@code key}. */
    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> create(byte[] body) {
        ObjectNode request;
        try {
            JsonNode json = Json.mapper().readTree(body);
            if (!(json instanceof ObjectNode object)) {
                return invalid("the body must be a JSON object: {\"name\", \"expires_at\"?, \"models\"?, \"limits\"?}");
            }
            request = object;
        } catch (JacksonException e) {
            return invalid("the body is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            return invalid("the body could not be read");
        }
        if (request.has("secret_sha256") || request.has("prefix")) {
            return invalid("the gateway makes the secret: send name, expires_at, models and limits only");
        }
        String secret = Secrets.newSecret();
        String hash = Secrets.sha256(secret);
        request.put("secret_sha256", hash).put("prefix", Secrets.prefix(secret));
        return keys.create(bytes(request)).chain(answer -> {
            if (answer.getStatus() != 201) {
                return relayed(answer);
            }
            ObjectNode view = (ObjectNode) read(answer);
            String id = view.path("id").asText();
            return mirror.put(KeyRecord.fromJson(view, hash))
                    .map(ignored -> {
                        LOG.infof("key %s (%s) made", id, view.path("prefix").asText());
                        ObjectNode created = Json.mapper().createObjectNode().put("id", id).put("key", secret);
                        created.setAll(view);
                        return Response.status(201).type(MediaType.APPLICATION_JSON).entity(bytes(created)).build();
                    })
                    .onFailure().recoverWithUni(failure -> {
                        LOG.errorf("key %s made but not copied to Redis, so revoked again: %s", id, failure.getMessage());
                        return keys.revoke(id).onFailure().recoverWithNull().map(ignored -> ApiExceptionMappers.body(503,
                                ApiErrorType.API, "the key could not be made usable (Redis is not available); try again shortly"));
                    });
        }).onFailure().recoverWithUni(failure -> Downstream.relay(SERVICE, Uni.createFrom().failure(failure)));
    }

    /** Every key (revoked ones too), with what it used: last admission, output tokens today, generations running. */
    @GET
    public Uni<Response> list() {
        return Downstream.relay(SERVICE, keys.list()).chain(answer -> withUsage(answer));
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@RestPath String id) {
        return Downstream.relay(SERVICE, keys.get(id)).chain(answer -> withUsage(answer));
    }

    /** Body {@code {"name"?, "models"?, "limits"?, "disabled"?, "expires_at"?}}; every gateway applies it at once. */
    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> update(@RestPath String id, byte[] body) {
        return keys.update(id, body).chain(answer -> {
            if (answer.getStatus() != 200) {
                return relayed(answer);
            }
            return mirror.put(KeyRecord.fromJson(read(answer), null)).chain(() -> get(id));
        }).onFailure().recoverWithUni(failure -> Downstream.relay(SERVICE, Uni.createFrom().failure(failure)));
    }

    /** Revokes the key: refused by every gateway from this moment, then marked revoked where it is kept. */
    @DELETE
    @Path("/{id}")
    public Uni<Response> revoke(@RestPath String id) {
        return mirror.remove(id)
                .chain(() -> Downstream.relay(SERVICE, keys.revoke(id)))
                .invoke(answer -> LOG.infof("key %s revoked: %d", id, answer.getStatus()))
                .onFailure().recoverWithItem(failure -> ApiExceptionMappers.body(503, ApiErrorType.API,
                        "the key could not be revoked (Redis is not available); try again shortly"));
    }

    /** Adds each key's usage to a successful answer (one key or a list). */
    private Uni<Response> withUsage(Response answer) {
        if (answer.getStatus() != 200) {
            return Uni.createFrom().item(answer);
        }
        JsonNode json = read((byte[]) answer.getEntity());
        List<ObjectNode> views = new ArrayList<>();
        if (json instanceof ArrayNode list) {
            list.forEach(view -> views.add((ObjectNode) view));
        } else {
            views.add((ObjectNode) json);
        }
        return mirror.usage(views.stream().map(view -> view.path("id").asText()).toList())
                .map(usage -> {
                    for (ObjectNode view : views) {
                        add(view, usage.get(view.path("id").asText()));
                    }
                    return Response.ok(bytes(json), MediaType.APPLICATION_JSON).build();
                })
                .onFailure().recoverWithItem(failure -> answer);
    }

    private static void add(ObjectNode view, KeyMirror.Usage usage) {
        ObjectNode node = view.putObject("usage");
        node.put("last_used_at", usage == null || usage.lastUsed() == null ? null : usage.lastUsed().toString());
        node.put("output_tokens_today", usage == null ? 0 : usage.outputTokensToday());
        node.put("running", usage == null ? 0 : usage.running());
    }

    private static Uni<Response> relayed(Response answer) {
        return Downstream.relay(SERVICE, Uni.createFrom().item(answer));
    }

    private static JsonNode read(Response answer) {
        return read(answer.readEntity(byte[].class));
    }

    private static JsonNode read(byte[] body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("session-service answered a body that is not JSON", e);
        }
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return Json.mapper().writeValueAsBytes(json);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write a response", e);
        }
    }

    private static Uni<Response> invalid(String message) {
        return Uni.createFrom().item(ApiExceptionMappers.body(400, ApiErrorType.INVALID_REQUEST, message));
    }
}
