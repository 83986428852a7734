package dev.switchboard.contract.chat;

/** How the model may use the tools it was given. */
public record ToolChoice(Mode mode, String toolName, boolean disableParallelToolUse) {

    public enum Mode {
        /** The model decides. */
        AUTO,
        /** The model must call some tool. */
        ANY,
        /** The model must call {@link #toolName()}. */
        TOOL,
        /** The model must not call tools. */
        NONE
    }

    public ToolChoice {
        if (mode == null) {
            throw new IllegalArgumentException("a tool choice needs a mode");
        }
        if (mode == Mode.TOOL && (toolName == null || toolName.isBlank())) {
            throw new IllegalArgumentException("a tool choice of mode TOOL names the tool");
        }
    }

    public static ToolChoice auto() {
        return new ToolChoice(Mode.AUTO, null, false);
    }
}
