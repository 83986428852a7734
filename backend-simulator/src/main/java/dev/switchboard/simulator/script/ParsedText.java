package dev.switchboard.simulator.script;

import java.util.List;

/** A message text with its directives taken out, and the items those directives held, in order. */
public record ParsedText(String text, List<DirectiveItem> items) {

    public ParsedText {
        items = List.copyOf(items);
    }
}
