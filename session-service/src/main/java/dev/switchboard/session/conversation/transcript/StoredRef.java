package dev.switchboard.session.conversation.transcript;

/** A message of the transcript as stored: where it is and what it is. */
public record StoredRef(int position, String fingerprint) {
}
