package dev.switchboard.simulator.chat;

/** One message of the conversation, reduced to its role and all its text (content, thinking, tool calls). */
public record ChatTurn(String role, String text) {

    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String TOOL = "tool";
}
