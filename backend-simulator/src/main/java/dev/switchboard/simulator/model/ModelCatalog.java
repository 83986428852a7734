package dev.switchboard.simulator.model;

import dev.switchboard.simulator.config.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The configured models, looked up by name as Ollama does ({@code llama3.2} means {@code llama3.2:latest}). */
@ApplicationScoped
public class ModelCatalog {

    /** Bytes per weight of a 4-bit quantised model, with its higher-precision layers. */
    private static final double BYTES_PER_PARAMETER = 0.6;

    private final Map<String, SimModel> models = new LinkedHashMap<>();

    public ModelCatalog(SimulatorConfig config) {
        Instant modified = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (SimulatorConfig.Model m : config.models()) {
            long parameters = parameterCount(m.parameterSize());
            models.put(m.name(), new SimModel(m.name(), m.family(), m.contextLength(), m.capabilities(),
                    m.parameterSize(), m.quantizationLevel(), parameters, (long) (parameters * BYTES_PER_PARAMETER),
                    digestOf(m.name()), modified,
                    m.ttftMs(), m.tokensPerSecond(), m.toolStream()));
        }
    }

    public List<SimModel> all() {
        return List.copyOf(models.values());
    }

    public Optional<SimModel> find(String name) {
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
