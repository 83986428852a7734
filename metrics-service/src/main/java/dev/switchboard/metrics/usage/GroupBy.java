package dev.switchboard.metrics.usage;

import dev.switchboard.contract.WireEnum;

/** What a summary is broken down by. */
public enum GroupBy {
    MODEL, POOL, CLIENT_KIND,
    /** The gateway's API key the request came with; {@code none} without keys. */
    API_KEY,
    /** The UTC day the job finished, as {@code yyyy-MM-dd}. */
    DAY;

    public String wireName() {
        return WireEnum.wireName(this);
    }

    /** @throws IllegalArgumentException when the name is not one of the wire names */
    public static GroupBy fromWire(String value) {
        return WireEnum.fromWire(GroupBy.class, value);
    }
}
