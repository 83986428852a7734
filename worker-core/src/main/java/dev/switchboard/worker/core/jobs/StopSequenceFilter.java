package dev.switchboard.worker.core.jobs;

import java.util.List;

/**
 * Applies a request's stop sequences to streamed text. Backends stop at a stop sequence without
 * saying which one matched (Ollama and mlx_lm.server both just say "stop"), so the worker
 * watches for them itself: it holds back the tail that could still become a stop sequence, and
 * when one completes, it cuts the text before it and reports which one it was.
 */
final class StopSequenceFilter {

    /** What may be passed on now, and the stop sequence that ended the text, if one did. */
    record Result(String text, String matched) {
    }

    private final List<String> stops;
    private final int longest;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    StopSequenceFilter(List<String> stops) {
        this.stops = stops.stream().filter(stop -> stop != null && !stop.isEmpty()).toList();
        this.longest = this.stops.stream().mapToInt(String::length).max().orElse(0);
    }

    boolean active() {
        return longest > 0;
    }

    Result accept(String piece) {
        if (stopped) {
            return new Result("", null);
        }
        if (longest == 0) {
            return new Result(piece, null);
        }
        held.append(piece);
        int earliest = -1;
        String matched = null;
        for (String stop : stops) {
            int at = held.indexOf(stop);
            if (at >= 0 && (earliest < 0 || at < earliest)) {
                earliest = at;
                matched = stop;
            }
        }
        if (matched != null) {
            stopped = true;
            String before = held.substring(0, earliest);
            held.setLength(0);
            return new Result(before, matched);
        }
        // Keep the longest tail that is still the start of some stop sequence.
        int keep = 0;
        for (int length = Math.min(longest - 1, held.length()); length > 0; length--) {
            String tail = held.substring(held.length() - length);
            if (stops.stream().anyMatch(stop -> stop.startsWith(tail))) {
                keep = length;
                break;
            }
        }
        String release = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return new Result(release, null);
    }

    /** At the end of the stream: what was held back was not a stop sequence after all. */
    String flush() {
        String rest = held.toString();
        held.setLength(0);
        return rest;
    }
}
