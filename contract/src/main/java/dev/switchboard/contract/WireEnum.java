package dev.switchboard.contract;

import java.util.Locale;

/** Wire names of enums: lower snake case ({@code END_TURN} travels as {@code end_turn}). */
public final class WireEnum {

    private WireEnum() {
    }

    public static String wireName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    public static <E extends Enum<E>> E fromWire(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (wireName(constant).equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + value + "'");
    }
}
