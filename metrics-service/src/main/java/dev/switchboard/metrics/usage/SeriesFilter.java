package dev.switchboard.metrics.usage;

/** Narrows a time series to one model, pool, client kind or API key; a null field does not narrow. */
public record SeriesFilter(String model, String pool, String clientKind, String apiKeyId) {
}
