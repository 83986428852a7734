package dev.switchboard.metrics.usage.rest;

import dev.switchboard.metrics.usage.TimeseriesPoint;

import java.time.Instant;
import java.util.List;

/** One point per bucket from the bucket holding {@code from} to the one holding {@code to}, empty ones included. */
public record TimeseriesResponse(Instant from, Instant to, String bucket, List<TimeseriesPoint> points) {
}
