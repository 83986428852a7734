package dev.switchboard.gateway.keys;

import io.vertx.ext.web.RoutingContext;

/**
 * Who sent a request, as the auth check found it and left it on the request: a key (its id and the
 * models it may use), the administrator, or anyone (auth off).
 */
public record Caller(String keyId, boolean admin, ModelAllowance models) {

    public static final Caller ANYONE = new Caller(null, false, ModelAllowance.EVERY);
    public static final Caller ADMIN = new Caller(null, true, ModelAllowance.EVERY);
    private static final String ATTRIBUTE = "switchboard.caller";

    public static Caller key(String keyId, ModelAllowance models) {
        return new Caller(keyId, false, models);
    }

    public static Caller of(RoutingContext ctx) {
        Caller caller = ctx.get(ATTRIBUTE);
        return caller != null ? caller : ANYONE;
    }

    /** The id of the key the request came with, for the job it becomes; null without one. */
    public static String keyIdOf(RoutingContext ctx) {
        return of(ctx).keyId();
    }

    /** Whether listings show the caller this model of this pool. */
    public boolean allows(String model, String pool) {
        return models.allows(model, pool);
    }

    void attachTo(RoutingContext ctx) {
        ctx.put(ATTRIBUTE, this);
    }
}
