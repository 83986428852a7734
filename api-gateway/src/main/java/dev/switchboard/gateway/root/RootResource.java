package dev.switchboard.gateway.root;

import dev.switchboard.gateway.web.WebPage;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The base URL: clients probe it (Claude Code sends {@code HEAD /}, Ollama clients and scripts
 * {@code GET /}) and browsers open it. A request whose {@code Accept} names HTML gets the web chat;
 * anything else the plain-text probe answer, whatever it accepts. Deep links into the chat
 * ({@code /c/<conversation id>}) are always the page.
 */
@Path("/")
public class RootResource {

    static final String RUNNING = "Switchboard is running";

    private final WebPage page;

    public RootResource(WebPage page) {
        this.page = page;
    }

    @GET
    public Response root(@HeaderParam(HttpHeaders.ACCEPT) String accept) {
        if (WebPage.wantsHtml(accept)) {
            return page.response();
        }
        return Response.ok(RUNNING, MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8")).build();
    }

    @HEAD
    public Response head() {
        return Response.ok().build();
    }

    /** A conversation opened by its address; the page reads the id from the path. */
    @GET
    @Path("c/{conversationId}")
    public Response conversation() {
        return page.response();
    }
}
