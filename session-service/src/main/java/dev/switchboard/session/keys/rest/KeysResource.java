package dev.switchboard.session.keys.rest;

import dev.switchboard.contract.error.ApiError;
import dev.switchboard.session.keys.repository.ApiKeyEntity;
import dev.switchboard.session.keys.repository.ApiKeyRepository;
import dev.switchboard.session.keys.rest.KeyJson.KeyView;
import dev.switchboard.session.keys.rest.KeyJson.MirrorView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The gateway's API keys, owned here: the gateway makes each secret, sends only its SHA-256 and
 * prefix, and relays this API to its administrator ({@code /api/keys}, behind the admin token).
 * {@code GET /api/keys/mirror} is for the gateways alone: it is what they copy into Redis.
 * Revoking keeps the row, so that usage recorded under the key still has a name.
 */
@Path("/api/keys")
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {

    private final ApiKeyRepository keys;

    public KeysResource(ApiKeyRepository keys) {
        this.keys = keys;
    }

    @POST
    @WithTransaction
    public Uni<RestResponse<KeyView>> create(String body) {
        KeyRequests.Create request = KeyRequests.create(body);
        ApiKeyEntity row = new ApiKeyEntity();
        row.id = "key_" + UUID.randomUUID().toString().replace("-", "");
        row.secretSha256 = request.secretSha256();
        row.prefix = request.prefix();
        row.name = request.name();
        row.models = request.models().toArray(String[]::new);
        row.requestsPerMinute = request.limits().requestsPerMinute();
        row.concurrent = request.limits().concurrent();
        row.outputTokensPerDay = request.limits().outputTokensPerDay();
        row.expiresAt = request.expiresAt();
        row.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return keys.persist(row).map(saved -> RestResponse.status(RestResponse.Status.CREATED, KeyJson.of(saved)));
    }

    /** Every key, revoked ones too, the newest first; never a secret or its hash. */
    @GET
    @WithSession
    public Uni<List<KeyView>> list() {
        return keys.newestFirst().map(rows -> rows.stream().map(KeyJson::of).toList());
    }

    @GET
    @Path("mirror")
    @WithSession
    public Uni<List<MirrorView>> mirror() {
        return keys.live().map(rows -> rows.stream().map(KeyJson::mirror).toList());
    }

    @GET
    @Path("{id}")
    @WithSession
    public Uni<KeyView> get(@PathParam("id") String id) {
        return existing(id).map(KeyJson::of);
    }

    /** Body {@code {"name"?, "models"?, "limits"?, "disabled"?, "expires_at"?}}; answers the mirror view the gateway copies. */
    @PATCH
    @Path("{id}")
    @WithTransaction
    public Uni<MirrorView> update(@PathParam("id") String id, String body) {
        KeyRequests.Patch patch = KeyRequests.patch(body);
        return existing(id).map(row -> {
            if (row.revokedAt != null) {
                throw ApiError.invalidRequest("key " + id + " is revoked; make a new one");
            }
            patch.name().ifPresent(name -> row.name = name);
            patch.models().ifPresent(models -> row.models = models.toArray(String[]::new));
            patch.limits().ifPresent(limits -> {
                row.requestsPerMinute = limits.requestsPerMinute();
                row.concurrent = limits.concurrent();
                row.outputTokensPerDay = limits.outputTokensPerDay();
            });
            patch.disabled().ifPresent(disabled -> row.disabled = disabled);
            patch.expiresAt().ifPresent(expiresAt -> row.expiresAt = expiresAt.orElse(null));
            return KeyJson.mirror(row);
        });
    }

    /** Revokes: the key is never accepted again. Revoking twice is the same as once. */
    @DELETE
    @Path("{id}")
    @WithTransaction
    public Uni<RestResponse<Void>> revoke(@PathParam("id") String id) {
        return existing(id).map(row -> {
            if (row.revokedAt == null) {
                row.revokedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            }
            return RestResponse.noContent();
        });
    }

    private Uni<ApiKeyEntity> existing(String id) {
        return keys.findById(id).onItem().ifNull().failWith(() -> ApiError.notFound("no key " + abbreviated(id)));
    }

    private static String abbreviated(String id) {
        return id.length() > 60 ? id.substring(0, 60) + "…" : id;
    }
}
