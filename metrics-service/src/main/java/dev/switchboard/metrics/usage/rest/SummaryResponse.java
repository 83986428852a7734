package dev.switchboard.metrics.usage.rest;

import dev.switchboard.metrics.usage.SummaryGroup;

import java.time.Instant;
import java.util.List;

/** @param groupBy null when the summary is one overall group */
public record SummaryResponse(Instant from, Instant to, String groupBy, List<SummaryGroup> groups) {
}
