package dev.switchboard.simulator.model;

import dev.switchboard.simulator.script.ToolStream;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** A model the simulator serves. */
public record SimModel(
        String name,
        String family,
        int contextLength,
        List<Capability> capabilities,
        String parameterSize,
        String quantizationLevel,
        long parameterCount,
        long sizeBytes,
        String digest,
        Instant modifiedAt,
        OptionalLong ttftMs,
        OptionalDouble tokensPerSecond,
        Optional<ToolStream> toolStream) {

    public SimModel {
        capabilities = List.copyOf(capabilities);
    }

    public boolean can(Capability capability) {
        return capabilities.contains(capability);
    }
}
