package dev.switchboard.bench;

import java.util.Map;

/**
 * One concurrency level: every path, what the gateway (and the peer) added, what the processes used.
 *
 * @param interleave        {@code paired} or {@code alternate}: how this level mixed the paths
 * @param wallSeconds       the level from first request to last stream's end
 * @param windowSeconds     the steady window throughput is measured in (every slot busy), or the whole level
 * @param peer              the peer router's path, or {@code null} when the run had none
 * @param peerAdded         what the peer added over the direct path, or {@code null}
 * @param cpuPerToken       per process that serves one path: its CPU time over the level divided by the tokens
 *                          that path relayed in the level, microseconds; keyed by process name
 * @param processPath       which path each process of {@code cpuPerToken} and {@code cpuPerRequest} serves
 * @param simulator         the simulator's own counters over the level (every path)
 * @param cpuPerRequest     per process that serves one path, the services that store its completion records
 *                          included: its CPU time over the level divided by the streams that path completed in
 *                          the level, microseconds; {@code null} in reports of earlier runs
 */
public record LevelResult(int concurrency, String interleave, int requestsPerPath, double wallSeconds, double windowSeconds,
                          PathStats direct, PathStats gateway, Added added, PathStats peer, Added peerAdded,
                          Map<String, ProcessSampler.Usage> processes, Map<String, Double> cpuPerToken,
                          Map<String, String> processPath, SimulatorCounts simulator, Map<String, Double> cpuPerRequest) {

    /** The CPU per relayed token of every process serving {@code path}, summed; NaN when none was watched. */
    public double pathCpuPerToken(String path) {
        return pathSum(cpuPerToken, path);
    }

    /** The CPU per completed stream of every process serving {@code path}, summed; NaN when none was watched. */
    public double pathCpuPerRequest(String path) {
        return pathSum(cpuPerRequest, path);
    }

    private double pathSum(Map<String, Double> perProcess, String path) {
        if (perProcess == null || processPath == null) {
            return Double.NaN;
        }
        double sum = 0;
        boolean any = false;
        for (Map.Entry<String, Double> e : perProcess.entrySet()) {
            if (path.equals(processPath.get(e.getKey()))) {
                sum += e.getValue();
                any = true;
            }
        }
        return any ? sum : Double.NaN;
    }

    /** A path (the gateway, a peer) minus direct, percentile by percentile, milliseconds. */
    public record Added(double ttftP50, double ttftP95, double ttftP99, double interTokenP50, double interTokenP99,
                        double totalP50) {

        static Added of(PathStats direct, PathStats gateway) {
            return new Added(gateway.ttft().p50() - direct.ttft().p50(), gateway.ttft().p95() - direct.ttft().p95(),
                    gateway.ttft().p99() - direct.ttft().p99(), gateway.gap().p50() - direct.gap().p50(),
                    gateway.gap().p99() - direct.gap().p99(), gateway.total().p50() - direct.total().p50());
        }
    }

    /** From the simulator's {@code /simulator/stats}, reset before the level; -1 when it could not be read. */
    public record SimulatorCounts(long tokensEmitted, long completedStreams, long disconnects, long dropped) {
        static final SimulatorCounts UNKNOWN = new SimulatorCounts(-1, -1, -1, -1);
    }
}
