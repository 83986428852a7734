package dev.switchboard.simulator.script;

/** A tool call to make: the tool's name and its arguments as compact JSON object text. */
public record ToolSpec(String name, String argumentsJson) {

    public ToolSpec withArguments(String json) {
        return new ToolSpec(name, json);
    }
}
