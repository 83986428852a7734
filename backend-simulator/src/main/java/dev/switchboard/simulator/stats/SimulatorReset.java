package dev.switchboard.simulator.stats;

/** CDI event fired by {@code POST /simulator/reset}: forget everything remembered between requests. */
public record SimulatorReset() {
}
