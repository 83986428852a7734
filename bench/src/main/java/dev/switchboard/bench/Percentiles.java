package dev.switchboard.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample, in milliseconds. */
public record Percentiles(int count, double p50, double p95, double p99, double max, double mean) {

    static final Percentiles EMPTY = new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** @param nanos the sample, in nanoseconds; sorted in place */
    public static Percentiles ofNanos(long[] nanos, int count) {
        if (count == 0) {
            return EMPTY;
        }
        Arrays.sort(nanos, 0, count);
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += nanos[i];
        }
        return new Percentiles(count, ms(rank(nanos, count, 50)), ms(rank(nanos, count, 95)), ms(rank(nanos, count, 99)),
                ms(nanos[count - 1]), ms(sum / count));
    }

    private static long rank(long[] sorted, int count, double percent) {
        int index = (int) Math.ceil(percent / 100 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))];
    }

    private static double ms(double nanos) {
        return nanos / 1e6;
    }
}
