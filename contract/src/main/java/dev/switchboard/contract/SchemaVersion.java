package dev.switchboard.contract;

/**
 * The version of the records exchanged between services. A reader accepts every version up to
 * {@link #CURRENT}; a record from a newer writer is refused rather than half understood.
 */
public final class SchemaVersion {

    public static final int CURRENT = 1;

    private SchemaVersion() {
    }

    public static boolean isSupported(int version) {
        return version >= 1 && version <= CURRENT;
    }
}
