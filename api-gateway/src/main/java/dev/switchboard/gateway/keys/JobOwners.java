package dev.switchboard.gateway.keys;

import dev.switchboard.contract.RedisKeys;
import dev.switchboard.gateway.errors.GatewayError;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which API key started a job (written by the admission, in the same round trip): a key sees,
 * re-attaches to and cancels only its own generations. The administrator and, with auth off,
 * anyone see them all. Another key's generation reads as one that does not exist.
 */
@ApplicationScoped
public class JobOwners {

    private final ReactiveRedisDataSource redis;

    public JobOwners(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** Fails with not found unless the caller may follow the job. */
    public Uni<Void> check(Caller caller, String jobId) {
        if (caller.keyId() == null) {
            return Uni.createFrom().voidItem();
        }
        return redis.value(String.class).get(RedisKeys.jobApiKey(jobId)).map(owner -> {
            if (!caller.keyId().equals(owner)) {
                throw GatewayError.notFound("no generation " + jobId + " of this API key");
            }
            return null;
        });
    }

    /** The jobs of these the caller may see, in their order. */
    public Uni<List<String>> visible(Caller caller, List<String> jobIds) {
        if (caller.keyId() == null || jobIds.isEmpty()) {
            return Uni.createFrom().item(jobIds);
        }
        return redis.value(String.class).mget(jobIds.stream().map(RedisKeys::jobApiKey).toArray(String[]::new))
                .map((Map<String, String> owners) -> jobIds.stream()
                        .filter(id -> Objects.equals(owners.get(RedisKeys.jobApiKey(id)), caller.keyId())).toList());
    }
}
