package dev.switchboard.gateway.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The web chat's one HTML page, the same for {@code /} and every deep link ({@code /c/<id>}); the
 * scripts under {@code /assets} route inside it. It is sent with a Content-Security-Policy that lets
 * only the gateway's own scripts run and only the gateway be called, so that nothing a model writes
 * or a stored conversation holds can run code or send data elsewhere, even past the sanitiser.
 */
@ApplicationScoped
public class WebPage {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "connect-src 'self'",
            "font-src 'self'",
            "manifest-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private final byte[] html = read("web/index.html");

    /** The page with its security headers; never cached, so that a new release is picked up at once. */
    public Response response() {
        return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-cache")
                .build();
    }

    /**
     * Whether an {@code Accept} header names HTML itself, as browsers do for a page. Wildcards do not
     * count: {@code curl}'s {@code *}{@code /*} and API clients get the plain-text probe answer.
     */
    public static boolean wantsHtml(String accept) {
        if (accept == null) {
            return false;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            if ((type.equals("text/html") || type.equals("application/xhtml+xml")) && !refused(parts)) {
                return true;
            }
        }
        return false;
    }

    private static boolean refused(String[] parameters) {
        for (int i = 1; i < parameters.length; i++) {
            String parameter = parameters[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2).strip()) <= 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private static byte[] read(String resource) {
        try (InputStream in = WebPage.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the gateway's resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
