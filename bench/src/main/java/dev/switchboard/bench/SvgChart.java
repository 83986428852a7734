package dev.switchboard.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** A line chart of the added latency by concurrency level, written as plain SVG. */
final class SvgChart {

    private record Series(String name, String colour, boolean dashed, ToDoubleFunction<LevelResult.Added> value) {
    }

    private static final List<Series> SERIES = List.of(
            new Series("added TTFT p50", "#1f77b4", false, LevelResult.Added::ttftP50),
            new Series("added TTFT p95", "#ff7f0e", false, LevelResult.Added::ttftP95),
            new Series("added TTFT p99", "#d62728", false, LevelResult.Added::ttftP99),
            new Series("added inter-token p50", "#2ca02c", true, LevelResult.Added::interTokenP50),
            new Series("added inter-token p99", "#9467bd", true, LevelResult.Added::interTokenP99));

    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 200;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private SvgChart() {
    }

    static String render(RunReport report) {
        List<LevelResult> levels = report.levels();
        double min = 0;
        double max = 1;
        for (LevelResult level : levels) {
            for (Series series : SERIES) {
                double v = series.value().applyAsDouble(level.added());
                if (!Double.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        double step = niceStep((max - min) / 6);
        // A negative difference smaller than a tenth of a grid step is noise: no gridline below zero for it.
        double low = min < -step / 10 ? Math.floor(min / step) * step : 0;
        double high = Math.ceil(max / step) * step;
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;

        StringBuilder svg = new StringBuilder();
        svg.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(f("<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Latency the gateway adds over calling "
                + "the backend directly</text>%n", LEFT));
        for (double v = low; v <= high + step / 2; v += step) {
            double y = TOP + plotHeight * (high - v) / (high - low);
            svg.append(f("<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n", LEFT, LEFT + plotWidth, y, y,
                    Math.abs(v) < step / 2 ? "#888" : "#e5e5e5"));
            svg.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4, label(v)));
        }
        svg.append(f("<text transform=\"translate(18 %d) rotate(-90)\" text-anchor=\"middle\">added latency, ms</text>%n",
                TOP + plotHeight / 2));
        for (int i = 0; i < levels.size(); i++) {
            double x = x(i, levels.size(), plotWidth);
            svg.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n", x, TOP + plotHeight + 18,
                    levels.get(i).concurrency()));
        }
        svg.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">concurrent streams per path</text>%n",
                LEFT + plotWidth / 2, HEIGHT - 16));
        int legendY = TOP + 10;
        for (Series series : SERIES) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < levels.size(); i++) {
                double v = series.value().applyAsDouble(levels.get(i).added());
                if (Double.isNaN(v)) {
                    continue;
                }
                double x = x(i, levels.size(), plotWidth);
                double y = TOP + plotHeight * (high - v) / (high - low);
                points.append(f("%.1f,%.1f ", x, y));
                svg.append(f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s at %d: %.2f ms</title></circle>%n",
                        x, y, series.colour(), series.name(), levels.get(i).concurrency(), v));
            }
            svg.append(f("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", points.toString().strip(),
                    series.colour(), series.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
            int lx = LEFT + plotWidth + 16;
            svg.append(f("<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", lx, lx + 24,
                    legendY, legendY, series.colour(), series.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
            svg.append(f("<text x=\"%d\" y=\"%d\">%s</text>%n", lx + 30, legendY + 4, series.name()));
            legendY += 20;
        }
        RunReport.Settings s = report.settings();
        svg.append(f("<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#555\">%d tokens, ttft_ms=%d, tps=%s, %s; "
                        + "%d cores</text>%n", LEFT + plotWidth + 16, legendY + 14, s.tokens(), s.ttftMs(),
                label(s.tokensPerSecond()), s.interleave(), report.machine().cores()));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double x(int i, int count, int plotWidth) {
        return count == 1 ? LEFT + plotWidth / 2.0 : LEFT + 20 + (plotWidth - 40) * i / (double) (count - 1);
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double nice : new double[] {1, 2, 5, 10}) {
            if (raw <= nice * magnitude) {
                return nice * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String label(double v) {
        return Math.abs(v - Math.rint(v)) < 1e-9 ? Long.toString(Math.round(v)) : f("%.2f", v).replaceAll("0+$", "");
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
