package dev.switchboard.gateway.routing;

import dev.switchboard.contract.worker.ModelInfo;
import dev.switchboard.gateway.errors.GatewayError;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.function.BiPredicate;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Decides which model and pool a request goes to, from the live registry and this gateway's own load. */
@ApplicationScoped
public class ModelRouter {

    private final ModelRegistry registry;
    private final PoolLoad load;
    private final RoutePlanner planner;

    public ModelRouter(ModelRegistry registry, PoolLoad load, RoutingConfig config) {
        this.registry = registry;
        this.load = load;
        this.planner = new RoutePlanner(new ModelAliases(config.aliases(), config.defaultModel(), config.smallModel()),
                config.hiddenModels().orElse(Set.of()));
    }

    /** @throws GatewayError when the model is unknown or not allowed, or no live worker serves it */
    public Route route(String requestedModel) {
        try {
            return planner.plan(requestedModel, fleet());
        } catch (RoutingException e) {
            throw e.toGatewayError();
        }
    }

    /** Every listed model of a live worker, by name. */
    public Map<String, ModelInfo> models() {
        return models((model, pool) -> true);
    }

    /** The listed models the caller may use, by {@code allows(model, pool)} (an API key's allowance). */
    public Map<String, ModelInfo> models(BiPredicate<String, String> allows) {
        return registry.workers().stream()
                .flatMap(worker -> worker.models().stream().filter(info -> allows.test(info.name(), worker.pool())))
                .filter(info -> planner.listed(info.name()))
                .collect(Collectors.toMap(ModelInfo::name, info -> info, (a, b) -> a, TreeMap::new));
    }

    /** Whether listings show the model. */
    public boolean listed(String model) {
        return planner.listed(model);
    }

    private Fleet fleet() {
        return new Fleet(registry.workers(), registry.poolsSeen(), registry.modelsSeen(), load.snapshot());
    }
}
