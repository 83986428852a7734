package dev.switchboard.bench;

import java.util.Locale;

/** The results as Markdown tables: the summary, then every path's raw numbers, then every process's cost. */
final class MarkdownReport {

    private MarkdownReport() {
    }

    static String render(RunReport report) {
        RunReport.Settings s = report.settings();
        RunReport.Machine m = report.machine();
        StringBuilder md = new StringBuilder();
        md.append("# Switchboard bench: gateway overhead\n\n");
        md.append(f("Run %s on %d cores (%s), %,d MB, %s, %s. Suite, Kafka, Redis, PostgreSQL and the harness share the machine.%n%n",
                report.started(), m.cores(), m.cpu(), m.memoryMb(), m.os(), m.java()));
        md.append(f("Simulator paced at `ttft_ms=%d tps=%s`, %d tokens a reply; at least %d requests per path and level "
                        + "(and %d rounds of every slot); interleave `%s` (`auto`: concurrency 1 sequential, the paths "
                        + "taking turns; above, each slot starts one request on every path at the same instant); "
                        + "%d warm-up requests per path.%n%n",
                s.ttftMs(), trim(s.tokensPerSecond()), s.tokens(), s.requestsPerLevel(), Math.max(3, s.rounds()), s.interleave(),
                s.warmup()));
        if (s.resumable() || s.keys()) {
            md.append(f("Every gateway request %s.%n%n", s.resumable() && s.keys() ? "is resumable and carries an API key (keys on)"
                    : s.keys() ? "carries an API key (keys on)" : "is resumable"));
        }
        if (hasPeer(report)) {
            md.append(sideBySide(report)).append('\n');
        }
        md.append(summary(report)).append('\n');
        md.append("Every path, raw (ms):\n\n").append(raw(report)).append('\n');
        md.append("Checks: every stream's text must be exactly `w1 … wN`; the simulator's own count of emitted tokens "
                + "(every path) against what the harness received:\n\n").append(checks(report)).append('\n');
        md.append("Every process, per level (CPU seconds, % of one core over the level, peak sampled RSS; CPU per relayed "
                + "token: the process's CPU time over the level divided by the tokens the path it serves relayed in the "
                + "level; CPU per request: divided by the streams that path completed in the level. A path's CPU per "
                + "relayed token sums the gateway, the worker, Kafka and Redis; its CPU per request also session-service "
                + "and metrics-service, which store every completion):\n\n").append(processes(report));
        return md.toString();
    }

    private static boolean hasPeer(RunReport report) {
        return report.levels().stream().anyMatch(level -> level.peer() != null);
    }

    /** The gateway beside the peer router, both against the direct path. */
    static String sideBySide(RunReport report) {
        String peer = report.levels().stream().filter(l -> l.peer() != null).findFirst().orElseThrow().peer().path();
        StringBuilder md = new StringBuilder();
        md.append(f("| concurrency | added TTFT p50 %1$s / Switchboard | added TTFT p99 %1$s / Switchboard | relayed tokens/s "
                + "direct / %1$s / Switchboard | added inter-token p99 %1$s / Switchboard | CPU per relayed token %1$s / "
                + "Switchboard | errors %1$s / Switchboard | gateway RSS peak |%n", peer));
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LevelResult level : report.levels()) {
            if (level.peer() == null) {
                continue;
            }
            LevelResult.Added p = level.peerAdded();
            LevelResult.Added g = level.added();
            md.append(f("| %d | %s / %s | %s / %s | %,.0f / %,.0f / %,.0f | %s / %s | %s / %s | %d / %d | %s |%n",
                    level.concurrency(), ms(p.ttftP50()), ms(g.ttftP50()), ms(p.ttftP99()), ms(g.ttftP99()),
                    level.direct().tokensPerSecond(), level.peer().tokensPerSecond(), level.gateway().tokensPerSecond(),
                    ms(p.interTokenP99()), ms(g.interTokenP99()), micros(level.pathCpuPerToken(peer)),
                    micros(level.pathCpuPerToken("gateway")), level.peer().failed(), level.gateway().failed(),
                    rss(level.processes().get(Main.GATEWAY))));
        }
        return md.toString();
    }

    /** The gateway's own table. */
    static String summary(RunReport report) {
        StringBuilder md = new StringBuilder();
        md.append("| concurrency | requests / path | added TTFT p50 | p95 | p99 | added ITL p50 | p99 | relayed tokens/s | "
                + "requests/s | errors direct / gateway | tokens lost | gateway CPU | gateway RSS peak | worker CPU | worker RSS peak |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LevelResult level : report.levels()) {
            LevelResult.Added a = level.added();
            ProcessSampler.Usage gw = level.processes().get(Main.GATEWAY);
            ProcessSampler.Usage wk = level.processes().get(Main.WORKER);
            long expected = (long) level.requestsPerPath() * report.settings().tokens();
            md.append(f("| %d | %d | %s | %s | %s | %s | %s | %,.0f | %.1f | %d / %d | %d | %s | %s | %s | %s |%n",
                    level.concurrency(), level.requestsPerPath(), ms(a.ttftP50()), ms(a.ttftP95()), ms(a.ttftP99()),
                    ms(a.interTokenP50()), ms(a.interTokenP99()), level.gateway().tokensPerSecond(),
                    level.gateway().requestsPerSecond(), level.direct().failed(), level.gateway().failed(),
                    expected - level.gateway().tokensReceived(), cpu(gw), rss(gw), cpu(wk), rss(wk)));
        }
        return md.toString();
    }

    private static String raw(RunReport report) {
        StringBuilder md = new StringBuilder();
        md.append("| concurrency | interleave | path | TTFT p50 | p95 | p99 | max | gap p50 | p99 | max | total p50 | p99 "
                + "| tokens/s | streams ok | errors |\n");
        md.append("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (LevelResult level : report.levels()) {
            for (PathStats p : paths(level)) {
                md.append(f("| %d | %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f | %.1f | %,.0f | %d/%d | %s |%n",
                        level.concurrency(), level.interleave(), p.path(), p.ttft().p50(), p.ttft().p95(), p.ttft().p99(), p.ttft().max(),
                        p.gap().p50(), p.gap().p99(), p.gap().max(), p.total().p50(), p.total().p99(), p.tokensPerSecond(),
                        p.ok(), p.requests(), p.errors().isEmpty() ? "" : p.errors().toString()));
            }
        }
        return md.toString();
    }

    private static String checks(RunReport report) {
        StringBuilder md = new StringBuilder("| concurrency | streams checked | streams bad | tokens received | simulator emitted "
                + "| simulator disconnects |\n|---:|---:|---:|---:|---:|---:|\n");
        for (LevelResult level : report.levels()) {
            int requests = 0;
            int failed = 0;
            long tokens = 0;
            for (PathStats p : paths(level)) {
                requests += p.requests();
                failed += p.failed();
                tokens += p.tokensReceived();
            }
            md.append(f("| %d | %d | %d | %,d | %,d | %d |%n", level.concurrency(), requests, failed, tokens,
                    level.simulator().tokensEmitted(), level.simulator().disconnects()));
        }
        return md.toString();
    }

    private static String processes(RunReport report) {
        StringBuilder md = new StringBuilder("| concurrency | process | serves | CPU s | % of a core | CPU per relayed token "
                + "| CPU per request | RSS peak MB | lifetime RSS peak MB |\n");
        md.append("|---:|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (LevelResult level : report.levels()) {
            for (ProcessSampler.Usage u : level.processes().values()) {
                String serves = level.processPath() == null ? null : level.processPath().get(u.process());
                Double perToken = level.cpuPerToken() == null ? null : level.cpuPerToken().get(u.process());
                Double perRequest = level.cpuPerRequest() == null ? null : level.cpuPerRequest().get(u.process());
                md.append(f("| %d | %s | %s | %.2f | %.0f | %s | %s | %.0f | %.0f |%n", level.concurrency(), u.process(),
                        serves == null ? "all paths" : serves, u.cpuSeconds(), u.cpuPercentOfOneCore(),
                        perToken == null ? "" : micros(perToken), perRequest == null ? "" : micros(perRequest),
                        u.peakRssMb(), u.lifetimePeakRssMb()));
            }
            for (PathStats p : paths(level)) {
                double perToken = level.pathCpuPerToken(p.path());
                double perRequest = level.pathCpuPerRequest(p.path());
                if (!Double.isNaN(perToken) || !Double.isNaN(perRequest)) {
                    md.append(f("| %d | **%s, all its processes** | %s | | | **%s** | **%s** | | |%n", level.concurrency(),
                            p.path(), p.path(), micros(perToken), micros(perRequest)));
                }
            }
        }
        return md.toString();
    }

    private static PathStats[] paths(LevelResult level) {
        return level.peer() == null ? new PathStats[] {level.direct(), level.gateway()}
                : new PathStats[] {level.direct(), level.peer(), level.gateway()};
    }

    private static String micros(double value) {
        return Double.isNaN(value) ? "n/a" : f("%,.0f µs", value);
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "n/a" : f("%+.2f ms", value);
    }

    private static String cpu(ProcessSampler.Usage usage) {
        return usage == null ? "n/a" : f("%.1f s (%.0f%%)", usage.cpuSeconds(), usage.cpuPercentOfOneCore());
    }

    private static String rss(ProcessSampler.Usage usage) {
        return usage == null ? "n/a" : f("%.0f MB", usage.peakRssMb());
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
