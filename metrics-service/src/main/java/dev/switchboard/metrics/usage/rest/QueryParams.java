package dev.switchboard.metrics.usage.rest;

import dev.switchboard.contract.WireEnum;
import dev.switchboard.contract.error.ApiError;
import dev.switchboard.contract.job.ClientKind;
import dev.switchboard.metrics.usage.Bucket;
import dev.switchboard.metrics.usage.GroupBy;
import dev.switchboard.metrics.usage.TimeRange;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads the query parameters of the {@code /api/metrics} endpoints. Every parameter arrives as
 * text and is checked here, so that bad input gets a 400 that says what to send instead (JAX-RS
 * would answer 404 to a number it cannot parse). A blank parameter counts as absent.
 */
final class QueryParams {

    /** The window of a summary or time series when the request names none. */
    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    static final int MAX_BUCKETS = 10_000;
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 500;

    private QueryParams() {
    }

    /** {@code to} defaults to now, {@code from} to {@link #DEFAULT_WINDOW} before {@code to}. */
    static TimeRange range(String from, String to, Instant now) {
        Instant end = isBlank(to) ? now : instant("to", to);
        Instant start = isBlank(from) ? end.minus(DEFAULT_WINDOW) : instant("from", from);
        return ordered(start, end);
    }

    /** Either bound may be absent (null); when both are given, from must come first. */
    static void checkOrder(Instant from, Instant to) {
        if (from != null && to != null) {
            ordered(from, to);
        }
    }

    /** An ISO-8601 time with an offset ({@code 2025-01-31T12:00:00Z}, {@code …+02:00}), or a date meaning its UTC midnight. */
    static Instant instant(String name, String value) {
        if (isBlank(value)) {
            return null;
        }
        String text = value.strip();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notATime) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw ApiError.invalidRequest(name + " must be an ISO-8601 time with an offset, such as "
                        + "2025-01-31T12:00:00Z, or a date such as 2025-01-31; got '" + value + "'");
            }
        }
    }

    static GroupBy groupBy(String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            return GroupBy.fromWire(value.strip());
        } catch (IllegalArgumentException e) {
            throw ApiError.invalidRequest("group_by must be one of " + names(GroupBy.values()) + ", or absent for one "
                    + "overall group; got '" + value + "'");
        }
    }

    /** The bucket, {@code hour} when absent; refused when the range would hold more than {@link #MAX_BUCKETS}. */
    static Bucket bucket(String value, TimeRange range) {
        Bucket bucket;
        try {
            bucket = isBlank(value) ? Bucket.HOUR : Bucket.fromWire(value.strip());
        } catch (IllegalArgumentException e) {
            throw ApiError.invalidRequest("bucket must be one of " + names(Bucket.values()) + "; got '" + value + "'");
        }
        long count = bucket.count(range);
        if (count > MAX_BUCKETS) {
            throw ApiError.invalidRequest("from " + range.from() + " to " + range.to() + " holds " + count + " "
                    + bucket.wireName() + " buckets, more than " + MAX_BUCKETS + ": ask for a shorter range or a wider bucket");
        }
        return bucket;
    }

    static String clientKind(String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            return ClientKind.fromWire(value.strip()).wireName();
        } catch (IllegalArgumentException e) {
            throw ApiError.invalidRequest("client_kind must be one of " + names(ClientKind.values()) + "; got '" + value + "'");
        }
    }

    /** Page numbers start at 0. */
    static int page(String value) {
        int page = integer("page", value, 0);
        if (page < 0) {
            throw ApiError.invalidRequest("page must be 0 or more; got " + page);
        }
        return page;
    }

    static int size(String value) {
        int size = integer("size", value, DEFAULT_PAGE_SIZE);
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiError.invalidRequest("size must be from 1 to " + MAX_PAGE_SIZE + "; got " + size);
        }
        return size;
    }

    /** The first record of the page must be addressable: page × size stays within an int. */
    static void checkOffset(int page, int size) {
        if ((long) page * size > Integer.MAX_VALUE) {
            throw ApiError.invalidRequest("page " + page + " of size " + size + " is beyond any result; ask for a smaller page");
        }
    }

    static String text(String value) {
        return isBlank(value) ? null : value.strip();
    }

    private static int integer(String name, String value, int absent) {
        if (isBlank(value)) {
            return absent;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiError.invalidRequest(name + " must be a whole number; got '" + value + "'");
        }
    }

    private static TimeRange ordered(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw ApiError.invalidRequest("from (" + from + ") must be before to (" + to + ")");
        }
        return new TimeRange(from, to);
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(WireEnum::wireName).collect(Collectors.joining(", "));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
