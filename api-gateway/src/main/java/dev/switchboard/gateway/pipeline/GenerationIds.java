package dev.switchboard.gateway.pipeline;

import dev.switchboard.gateway.errors.GatewayError;

import java.util.regex.Pattern;

/** The id by which clients name a generation: the message id of {@code message_start} and of the {@code switchboard-message-id} header. */
public final class GenerationIds {

    private static final Pattern MESSAGE_ID = Pattern.compile("msg_[A-Za-z0-9_-]{1,100}");

    private GenerationIds() {
    }

    /** The id as given; a 400 saying what a generation id looks like when it is not one. */
    public static String require(String id) {
        if (id == null || !MESSAGE_ID.matcher(id).matches()) {
            throw GatewayError.invalidRequest("'" + id + "' is not a message id; give the id of message_start "
                    + "or of the switchboard-message-id header (msg_…)");
        }
        return id;
    }
}
