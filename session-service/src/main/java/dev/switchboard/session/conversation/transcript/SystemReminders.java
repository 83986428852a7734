package dev.switchboard.session.conversation.transcript;

import java.util.regex.Pattern;

/**
 * Claude Code puts {@code <system-reminder>} sections (agent lists, skills, the date) into user
 * messages. They are context for the model, the same in every conversation, so titles and search
 * leave them out.
 */
public final class SystemReminders {

    private static final Pattern REMINDER = Pattern.compile("<system-reminder>.*?(</system-reminder>|\\z)", Pattern.DOTALL);

    private SystemReminders() {
    }

    public static boolean isReminder(String text) {
        return text.stripLeading().startsWith("<system-reminder>");
    }

    /** The text without its reminder sections. */
    public static String strip(String text) {
        return text.contains("<system-reminder>") ? REMINDER.matcher(text).replaceAll("") : text;
    }
}
