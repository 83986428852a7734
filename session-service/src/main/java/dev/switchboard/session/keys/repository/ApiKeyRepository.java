package dev.switchboard.session.keys.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKeyEntity, String> {

    /** Every key, revoked ones too, the newest first. */
    public Uni<List<ApiKeyEntity>> newestFirst() {
        return list("order by createdAt desc, id desc");
    }

    /** The keys that may still be used (not revoked); disabled and expired ones included, their state travels with them. */
    public Uni<List<ApiKeyEntity>> live() {
        return list("revokedAt is null");
    }
}
