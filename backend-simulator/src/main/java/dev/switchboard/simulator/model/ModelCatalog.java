package dev.switchboard.simulator.model;

import dev.switchboard.simulator.config.SimulatorConfig;
import dev.switchboard.simulator.script.ToolStream;
import dev.switchboard.simulator.stats.SimulatorReset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The models the simulator has, looked up by name as Ollama does ({@code llama3.2} means
 * {@code llama3.2:latest}): the configured ones, plus those pulled and less those deleted since the
 * last reset ({@code DELETE /simulator/stats} restores the configured set).
 */
@ApplicationScoped
public class ModelCatalog {

    /** Bytes per weight of a 4-bit quantised model, with its higher-precision layers. */
    private static final double BYTES_PER_PARAMETER = 0.6;
    /** What a pulled model is: the registry is not simulated, so every pulled model looks alike. */
    private static final String PULLED_FAMILY = "llama";
    private static final int PULLED_CONTEXT = 32768;
    private static final String PULLED_SIZE = "1B";
    private static final String PULLED_QUANTIZATION = "Q4_K_M";

    private final List<SimModel> configured = new ArrayList<>();
    private final Map<String, SimModel> models = new LinkedHashMap<>();

    public ModelCatalog(SimulatorConfig config) {
        Instant modified = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (SimulatorConfig.Model m : config.models()) {
            configured.add(model(m.name(), m.family(), m.contextLength(), m.capabilities(), m.parameterSize(),
                    m.quantizationLevel(), modified, m.ttftMs(), m.tokensPerSecond(), m.toolStream()));
        }
        restore();
    }

    public synchronized List<SimModel> all() {
        return List.copyOf(models.values());
    }

    /** A model as a pull would bring it: {@code name} with {@code :latest} when it has no tag. */
    public static SimModel pulled(String name) {
        return model(name.contains(":") ? name : name + ":latest", PULLED_FAMILY, PULLED_CONTEXT,
                List.of(Capability.COMPLETION, Capability.TOOLS), PULLED_SIZE, PULLED_QUANTIZATION,
                Instant.now().truncatedTo(ChronoUnit.SECONDS), OptionalLong.empty(), OptionalDouble.empty(), Optional.empty());
    }

    /** Adds or replaces a model, as a finished pull does. */
    public synchronized void add(SimModel model) {
        models.put(model.name(), model);
    }

    /** Removes the model {@code name} means; false when there is none. */
    public synchronized boolean remove(String name) {
        return find(name).map(model -> models.remove(model.name()) != null).orElse(false);
    }

    void onReset(@Observes SimulatorReset reset) {
        restore();
    }

    private synchronized void restore() {
        models.clear();
        configured.forEach(model -> models.put(model.name(), model));
    }

    private static SimModel model(String name, String family, int contextLength, List<Capability> capabilities,
                                  String parameterSize, String quantization, Instant modified, OptionalLong ttftMs,
                                  OptionalDouble tokensPerSecond, Optional<ToolStream> toolStream) {
        long parameters = parameterCount(parameterSize);
        return new SimModel(name, family, contextLength, capabilities, parameterSize, quantization, parameters,
                (long) (parameters * BYTES_PER_PARAMETER), digestOf(name), modified, ttftMs, tokensPerSecond, toolStream);
    }

    public synchronized Optional<SimModel> find(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        SimModel exact = models.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        return Optional.ofNullable(name.contains(":") ? null : models.get(name + ":latest"));
    }

    /** Parameters from a parameter size such as {@code 7.6B} or {@code 500M}; 0 when unreadable. */
    static long parameterCount(String parameterSize) {
        String s = parameterSize.strip().toUpperCase(Locale.ROOT);
        double scale = s.endsWith("B") ? 1e9 : s.endsWith("M") ? 1e6 : 1;
        String digits = scale == 1 ? s : s.substring(0, s.length() - 1);
        try {
            return (long) (Double.parseDouble(digits) * scale);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String digestOf(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
