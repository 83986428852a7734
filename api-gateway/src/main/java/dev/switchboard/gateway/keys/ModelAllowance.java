package dev.switchboard.gateway.keys;

import java.util.List;

/**
 * The models a key may use: names, or a whole pool as {@code pool/*}; none listed means every
 * model. The admission script in Redis applies the same rule to each job (by the name asked for,
 * the name it resolved to, or its pool); this is the listings' side.
 */
public record ModelAllowance(List<String> entries) {

    public static final ModelAllowance EVERY = new ModelAllowance(List.of());

    /** Reads the comma-separated form the keys' copy in Redis keeps. */
    public static ModelAllowance parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return EVERY;
        }
        return new ModelAllowance(List.of(commaSeparated.split(",")));
    }

    public boolean allows(String model, String pool) {
        return entries.isEmpty() || entries.contains(model) || entries.contains(pool + "/*");
    }
}
