package dev.switchboard.contract;

import java.security.SecureRandom;

/** Ids in Anthropic's style: a prefix and 24 letters or digits. */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A message id, which is also the job id: {@code msg_…}. */
    public static String message() {
        return "msg_" + random();
    }

    /** A tool call id: {@code toolu_…}. Backends give none (Ollama) or ids of their own form. */
    public static String toolUse() {
        return "toolu_" + random();
    }

    /** A multi-model exchange's id: {@code xchg_…}. */
    public static String exchange() {
        return "xchg_" + random();
    }

    /** A request id, sent back in the {@code request-id} header: {@code req_…}. */
    public static String request() {
        return "req_" + random();
    }

    private static String random() {
        char[] id = new char[24];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
