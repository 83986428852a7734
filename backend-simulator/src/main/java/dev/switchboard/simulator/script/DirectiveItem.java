package dev.switchboard.simulator.script;

/** One {@code key} or {@code key=value} item of a directive; keys are lower case with underscores. */
public record DirectiveItem(String key, DirectiveValue value) {

    public static DirectiveItem flag(String key) {
        return new DirectiveItem(key, new DirectiveValue.Flag());
    }

    public static DirectiveItem text(String key, String text) {
        return new DirectiveItem(key, new DirectiveValue.Text(text));
    }

    public static DirectiveItem json(String key, String json) {
        return new DirectiveItem(key, new DirectiveValue.Json(json));
    }
}
