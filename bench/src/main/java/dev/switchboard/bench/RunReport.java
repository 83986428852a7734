package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A whole run: when, on what, with which settings, and each level. */
public record RunReport(String started, Machine machine, Settings settings, List<LevelResult> levels) {

    /** The settings that shape the numbers. */
    public record Settings(List<Integer> concurrency, int tokens, int requestsPerLevel, int rounds, int ttftMs,
                           double tokensPerSecond, String interleave, int warmup, String gateway, String simulator, String gatewayModel,
                           String directModel, boolean resumable, boolean keys) {

        static Settings of(BenchOptions options) {
            return new Settings(options.concurrency(), options.tokens(), options.requestsPerLevel(), options.rounds(), options.ttftMs(),
                    options.tokensPerSecond(), options.interleave().name().toLowerCase(), options.warmup(),
                    options.gateway().toString(), options.simulator().toString(), options.pool() + "/" + options.model(),
                    options.model(), options.resumable(), options.keys());
        }
    }

    /** The machine the whole suite, the infrastructure and the harness shared. */
    public record Machine(int cores, String cpu, long memoryMb, String os, String java) {

        static Machine current() {
            return new Machine(Runtime.getRuntime().availableProcessors(), procLine("/proc/cpuinfo", "model name"),
                    totalMemoryMb(), System.getProperty("os.name") + " " + System.getProperty("os.version"),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        }

        private static long totalMemoryMb() {
            String total = procLine("/proc/meminfo", "MemTotal");
            try {
                return Long.parseLong(total.split("\\s+")[0]) / 1024;
            } catch (RuntimeException e) {
                return -1;
            }
        }

        private static String procLine(String file, String key) {
            try {
                return Files.readAllLines(Path.of(file)).stream().filter(line -> line.startsWith(key))
                        .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }
    }
}
