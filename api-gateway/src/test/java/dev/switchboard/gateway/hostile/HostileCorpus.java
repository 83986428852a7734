package dev.switchboard.gateway.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the corpus: every {@code hostile/*.json} on the test class path, one file per endpoint
 * group. A file holds {@code defaults} for its cases, an optional valid {@code base} request that
 * cases edit, and {@code cases}. A case gives its body as one of:
 * <ul>
 *   <li>{@code body}: a string, sent as its UTF-8 bytes (broken JSON is written here);</li>
 *   <li>{@code json}: any JSON value, sent compact;</li>
 *   <li>{@code set} / {@code remove}: edits of {@code base} at dotted paths ({@code messages.0.content});</li>
 *   <li>{@code bytes}: strings and {@code {"hex": "ff fe"}} pieces, for bytes that are not UTF-8;</li>
 *   <li>{@code repeat}: {@code prefix}, {@code open} × {@code count}, {@code middle}, {@code close} ×
 *       {@code count}, {@code suffix}, produced while sent: huge strings, deep nesting, oversized bodies;</li>
 *   <li>nothing: no body.</li>
 * </ul>
 * Strings may hold {@code ${routableModel}} (a model a registered worker serves) and
 * {@code ${repeat:<text>:<count>}}. A case with {@code paths} runs once per path.
 */
final class HostileCorpus {

    static final String FOLDER = "hostile";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern REPEAT = Pattern.compile("\\$\\{repeat:(.*?):(\\d+)}");
    private static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024;
    /** The error type Anthropic sends with a status, where a case does not name one. */
    private static final Map<Integer, String> TYPE_BY_STATUS = Map.of(
            400, "invalid_request_error",
            401, "authentication_error",
            403, "permission_error",
            404, "not_found_error",
            405, "invalid_request_error",
            406, "invalid_request_error",
            413, "request_too_large",
            414, "invalid_request_error",
            415, "invalid_request_error",
            431, "invalid_request_error");

    private final Map<String, String> variables;

    HostileCorpus(Map<String, String> variables) {
        this.variables = variables;
    }

    /** The corpus files, by name. */
    private static List<Path> files() {
        URL folder = HostileCorpus.class.getClassLoader().getResource(FOLDER);
        if (folder == null) {
            throw new IllegalStateException("no " + FOLDER + "/ folder on the test class path");
        }
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    List<HostileCase> load() {
        List<HostileCase> cases = new ArrayList<>();
        for (Path file : files()) {
            cases.addAll(load(file));
        }
        return cases;
    }

    private List<HostileCase> load(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("corpus file " + file.getFileName() + " is not valid JSON: " + e.getMessage(), e);
        }
        String name = file.getFileName().toString();
        JsonNode defaults = root.path("defaults");
        List<HostileCase> cases = new ArrayList<>();
        for (JsonNode node : root.path("cases")) {
            try {
                cases.addAll(read(name, root.get("base"), defaults, node));
            } catch (RuntimeException e) {
                throw new IllegalStateException(name + ": case " + node.path("name").asText("?") + ": " + e.getMessage(), e);
            }
        }
        return cases;
    }

    private List<HostileCase> read(String file, JsonNode base, JsonNode defaults, JsonNode node) {
        String family = required(node, defaults, "family").asText();
        String name = required(node, null, "name").asText();
        JsonNode methodNode = field(node, defaults, "method");
        String method = methodNode == null ? "GET" : methodNode.asText();
        List<String> targets = new ArrayList<>();
        if (node.has("path")) {
            targets.add(node.get("path").asText());
        } else if (!node.has("paths") && defaults.has("path")) {
            targets.add(defaults.get("path").asText());
        } else {
            required(node, defaults, "paths").forEach(path -> targets.add(path.asText()));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode contentType = node.has("contentType") ? node.get("contentType") : defaults.get("contentType");
        if (contentType != null && !contentType.isNull()) {
            headers.put("Content-Type", contentType.asText());
        }
        defaults.path("headers").properties().forEach(header ->
                headers.put(header.getKey(), header.getValue().isNull() ? null : expand(header.getValue().asText())));
        node.path("headers").properties().forEach(header ->
                headers.put(header.getKey(), header.getValue().isNull() ? null : expand(header.getValue().asText())));
        RequestBody body = body(base, node);
        Delivery delivery = delivery(node.get("delivery"));
        Map<Integer, String> expected = expected(node, defaults);
        List<String> messages = new ArrayList<>();
        JsonNode message = node.get("message");
        if (message != null) {
            (message.isArray() ? message : MAPPER.createArrayNode().add(message)).forEach(fragment -> messages.add(fragment.asText()));
        }
        JsonNode requestId = field(node, defaults, "requestId");
        JsonNode maxBodyBytes = field(node, defaults, "maxBodyBytes");
        JsonNode errorBody = field(node, defaults, "errorBody");
        JsonNode shape = field(node, defaults, "shape");
        List<HostileCase> cases = new ArrayList<>();
        for (String target : targets) {
            cases.add(new HostileCase(file, family, name, method, expand(target), headers, body, delivery, expected, messages,
                    requestId == null || requestId.asBoolean(), maxBodyBytes == null ? DEFAULT_MAX_BODY_BYTES : maxBodyBytes.asInt(),
                    errorBody == null || errorBody.asBoolean(),
                    shape == null ? HostileCase.Shape.ANTHROPIC : HostileCase.Shape.valueOf(shape.asText().toUpperCase(java.util.Locale.ROOT))));
        }
        return cases;
    }

    /**
     * Status → error type. A case that names its own status but no error type gets the type
     * Anthropic sends with that status, not the file's default type.
     */
    private static Map<Integer, String> expected(JsonNode node, JsonNode defaults) {
        JsonNode status = required(node, defaults, "status");
        JsonNode error = node.has("error") ? node.get("error") : node.has("status") ? null : defaults.get("error");
        Map<Integer, String> expected = new LinkedHashMap<>();
        for (JsonNode code : status.isArray() ? status : MAPPER.createArrayNode().add(status)) {
            int value = code.asInt();
            if (value < 400 || value > 499) {
                throw new IllegalArgumentException("expects " + value + "; every case expects a 4xx");
            }
            String type = error != null ? error.asText() : TYPE_BY_STATUS.get(value);
            if (type == null) {
                throw new IllegalArgumentException("no error type known for " + value + "; name it in \"error\"");
            }
            expected.put(value, type);
        }
        return expected;
    }

    private RequestBody body(JsonNode base, JsonNode node) {
        if (node.has("body")) {
            return bytes(expand(node.get("body").asText()).getBytes(StandardCharsets.UTF_8));
        }
        if (node.has("json")) {
            return bytes(expand(node.get("json").toString()).getBytes(StandardCharsets.UTF_8));
        }
        if (node.has("set") || node.has("remove")) {
            if (base == null) {
                throw new IllegalArgumentException("edits a base, but the file has none");
            }
            JsonNode edited = base.deepCopy();
            node.path("set").properties().forEach(edit -> set(edited, edit.getKey(), edit.getValue()));
            node.path("remove").forEach(path -> remove(edited, path.asText()));
            return bytes(expand(edited.toString()).getBytes(StandardCharsets.UTF_8));
        }
        if (node.has("bytes")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (JsonNode piece : node.get("bytes")) {
                byte[] bytes = piece.isObject()
                        ? HexFormat.of().parseHex(piece.get("hex").asText().replace(" ", ""))
                        : expand(piece.asText()).getBytes(StandardCharsets.UTF_8);
                out.writeBytes(bytes);
            }
            return bytes(out.toByteArray());
        }
        if (node.has("repeat")) {
            JsonNode repeat = node.get("repeat");
            return new RequestBody.Repeated(
                    utf8(repeat.path("prefix").asText("")),
                    utf8(repeat.path("open").asText("")),
                    utf8(repeat.path("middle").asText("")),
                    utf8(repeat.path("close").asText("")),
                    required(repeat, null, "count").asLong(),
                    utf8(repeat.path("suffix").asText("")));
        }
        return RequestBody.NONE;
    }

    private byte[] utf8(String text) {
        return expand(text).getBytes(StandardCharsets.UTF_8);
    }

    private static RequestBody bytes(byte[] bytes) {
        return new RequestBody.Bytes(bytes);
    }

    private static Delivery delivery(JsonNode node) {
        if (node == null) {
            return new Delivery.Whole();
        }
        return switch (required(node, null, "mode").asText()) {
            case "whole" -> new Delivery.Whole();
            case "chunked" -> new Delivery.Chunked(node.path("chunkBytes").asInt(64 * 1024));
            case "trickle" -> new Delivery.Trickle(required(node, null, "bytesPerWrite").asInt(),
                    Duration.ofMillis(required(node, null, "pauseMillis").asLong()));
            case "cut" -> new Delivery.Cut(
                    node.has("afterHeaderBytes") ? node.get("afterHeaderBytes").asInt() : null,
                    node.has("afterBodyBytes") ? node.get("afterBodyBytes").asInt() : null,
                    Duration.ofMillis(required(node, null, "holdMillis").asLong()),
                    node.path("connections").asInt(1));
            default -> throw new IllegalArgumentException("unknown delivery mode " + node.get("mode"));
        };
    }

    /** Sets the value at a dotted path; an array index one past the end appends. */
    private static JsonNode set(JsonNode root, String path, JsonNode value) {
        String[] steps = path.split("\\.");
        JsonNode parent = root;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = step(parent, steps[i], path);
        }
        String last = steps[steps.length - 1];
        if (parent instanceof ArrayNode array) {
            int index = Integer.parseInt(last);
            if (index == array.size()) {
                array.add(value);
            } else {
                array.set(index, value);
            }
        } else {
            ((ObjectNode) parent).set(last, value);
        }
        return root;
    }

    private static void remove(JsonNode root, String path) {
        String[] steps = path.split("\\.");
        JsonNode parent = root;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = step(parent, steps[i], path);
        }
        String last = steps[steps.length - 1];
        if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(last));
        } else {
            ((ObjectNode) parent).remove(last);
        }
    }

    private static JsonNode step(JsonNode node, String step, String path) {
        JsonNode next = node.isArray() ? node.get(Integer.parseInt(step)) : node.get(step);
        if (next == null || !next.isContainerNode()) {
            throw new IllegalArgumentException("the base has no container at '" + step + "' of " + path);
        }
        return next;
    }

    private String expand(String text) {
        String expanded = text;
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            expanded = expanded.replace("${" + variable.getKey() + "}", variable.getValue());
        }
        Matcher repeat = REPEAT.matcher(expanded);
        StringBuilder out = new StringBuilder();
        while (repeat.find()) {
            repeat.appendReplacement(out, Matcher.quoteReplacement(repeat.group(1).repeat(Integer.parseInt(repeat.group(2)))));
        }
        repeat.appendTail(out);
        return out.toString();
    }

    private static JsonNode field(JsonNode node, JsonNode defaults, String name) {
        if (node.has(name)) {
            return node.get(name);
        }
        return defaults == null ? null : defaults.get(name);
    }

    private static JsonNode required(JsonNode node, JsonNode defaults, String name) {
        JsonNode value = field(node, defaults, name);
        if (value == null) {
            throw new IllegalArgumentException("field '" + name + "' missing");
        }
        return value;
    }
}
