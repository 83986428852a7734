package dev.switchboard.gateway.exchange;

/**
 * One message of an exchange's transcript: the user's, or a participant's turn.
 *
 * @param speaker the participant's name, or null for the user
 * @param text    what was said (a turn cut short keeps what it said before)
 */
public record Said(String speaker, String text) {

    public static Said user(String text) {
        return new Said(null, text);
    }

    public boolean byUser() {
        return speaker == null;
    }
}
