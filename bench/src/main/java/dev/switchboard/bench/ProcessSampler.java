package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU time and resident memory of the suite's processes, from Linux's /proc.
 *
 * <p>CPU is exact: {@code utime + stime} of {@code /proc/<pid>/stat} read at the start and the end of a
 * level. Memory is sampled: {@code VmRSS} of {@code /proc/<pid>/status} every {@value #PERIOD_MILLIS} ms on
 * a thread of its own (file reads stay off the client's event loops), the peak kept; a peak shorter than
 * the period can be missed. {@code VmHWM}, the kernel's own peak since the process started, is kept too.
 */
public final class ProcessSampler implements AutoCloseable {

    static final long PERIOD_MILLIS = 100;

    /** What one level cost one process. */
    public record Usage(String process, long pid, double cpuSeconds, double cpuPercentOfOneCore, double peakRssMb,
                        double lifetimePeakRssMb) {
    }

    private final Map<String, Long> pids;
    private final long clockTicks;
    private final Map<String, Long> peakRssKb = new ConcurrentHashMap<>();
    private final Map<String, Long> startTicks = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile long levelStartNanos;
    private volatile boolean running = true;

    /** @param pids process name to pid; a process that is gone is reported with zeros */
    public ProcessSampler(Map<String, Long> pids, long clockTicks) {
        this.pids = new LinkedHashMap<>(pids);
        this.clockTicks = clockTicks;
        this.thread = Thread.ofPlatform().daemon().name("proc-sampler").start(this::sample);
    }

    /** Starts a level: CPU counters read now, memory peaks forgotten. */
    public void begin() {
        peakRssKb.clear();
        pids.forEach((name, pid) -> startTicks.put(name, cpuTicks(pid)));
        levelStartNanos = System.nanoTime();
    }

    /** Ends a level: what each process used since {@link #begin()}. */
    public Map<String, Usage> end() {
        double wallSeconds = (System.nanoTime() - levelStartNanos) / 1e9;
        pids.forEach((name, pid) -> peakRssKb.merge(name, statusKb(pid, "VmRSS:"), Math::max));
        Map<String, Usage> usage = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            double cpu = (cpuTicks(pid) - startTicks.getOrDefault(name, 0L)) / (double) clockTicks;
            usage.put(name, new Usage(name, pid, cpu, 100 * cpu / wallSeconds, peakRssKb.getOrDefault(name, 0L) / 1024.0,
                    statusKb(pid, "VmHWM:") / 1024.0));
        });
        return usage;
    }

    private void sample() {
        while (running) {
            pids.forEach((name, pid) -> peakRssKb.merge(name, statusKb(pid, "VmRSS:"), Math::max));
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** utime + stime, fields 14 and 15 of /proc/pid/stat; the command name (field 2) may hold spaces. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long statusKb(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).strip().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
