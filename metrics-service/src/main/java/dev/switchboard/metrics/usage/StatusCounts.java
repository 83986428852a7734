package dev.switchboard.metrics.usage;

/** Requests by how they ended. */
public record StatusCounts(long ok, long error, long cancelled, long interrupted) {
}
