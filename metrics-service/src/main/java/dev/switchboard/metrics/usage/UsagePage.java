package dev.switchboard.metrics.usage;

import java.util.List;

/** One page of usage records, newest first, and how many match in all. */
public record UsagePage(List<UsageRecord> items, int page, int size, long total) {

    public UsagePage {
        items = List.copyOf(items);
    }
}
