package dev.switchboard.session.conversation.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.session.conversation.export.MarkdownExport;
import dev.switchboard.session.conversation.rest.ConversationJson.ConversationView;
import dev.switchboard.session.conversation.rest.ConversationJson.PageView;
import dev.switchboard.session.conversation.service.ConversationService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Conversations over REST, under the paths the gateway forwards unchanged ({@code /api/sessions/**}).
 * Query parameters and bodies are read as text and checked here, so that bad input gets a 400 that
 * says what to fix rather than JAX-RS's bare 404 for an unparsable number.
 *
 * <p>Every call takes {@code api_key}, which the gateway sets to its caller's API key: with it, only
 * that key's conversations exist (another's is 404) and a new one is that key's.
 */
@Path("/api/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    static final String MARKDOWN = "text/markdown";
    static final String API_KEY = "api_key";

    private final ConversationService service;
    private final ObjectMapper mapper;

    public SessionsResource(ConversationService service, ObjectMapper mapper) {
        this.service = service;
        this.mapper = mapper;
    }

    /** Body {@code {"title"?, "source"?}}; source is claude-code, web (the default) or api. */
    @POST
    public Uni<RestResponse<ConversationView>> create(String body, @Context UriInfo uri, @QueryParam(API_KEY) String apiKey) {
        SessionRequests.Create request = SessionRequests.create(body);
        return service.create(request.title(), request.source(), SessionRequests.apiKey(apiKey)).map(conversation -> RestResponse.ResponseBuilder
                .<ConversationView>created(uri.getAbsolutePathBuilder().path(conversation.id()).build())
                .entity(ConversationJson.of(conversation))
                .build());
    }

    /** Conversations, most recently updated first, filtered by source, archived and a text in the title or messages. */
    @GET
    public Uni<PageView> list(@QueryParam("page") String page, @QueryParam("size") String size,
                              @QueryParam("source") String source, @QueryParam("archived") String archived,
                              @QueryParam("q") String q, @QueryParam(API_KEY) String apiKey) {
        SessionRequests.Paging paging = SessionRequests.paging(page, size);
        return service.list(SessionRequests.filter(source, archived, q, apiKey), paging.page(), paging.size())
                .map(ConversationJson::of);
    }

    @GET
    @Path("{id}")
    public Uni<ConversationView> get(@PathParam("id") String id, @QueryParam(API_KEY) String apiKey) {
        return service.get(id, SessionRequests.apiKey(apiKey)).map(ConversationJson::of);
    }

    /** Body {@code {"title"?, "archived"?}}. */
    @PATCH
    @Path("{id}")
    public Uni<ConversationView> update(@PathParam("id") String id, String body, @QueryParam(API_KEY) String apiKey) {
        SessionRequests.Patch patch = SessionRequests.patch(body);
        return service.update(id, SessionRequests.apiKey(apiKey), patch.title(), patch.archived()).map(ConversationJson::of);
    }

    @DELETE
    @Path("{id}")
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id, @QueryParam(API_KEY) String apiKey) {
        return service.delete(id, SessionRequests.apiKey(apiKey)).map(ignored -> RestResponse.noContent());
    }

    /** The transcript as Markdown to read ({@code format=markdown}, the default) or as JSON ({@code format=json}). */
    @GET
    @Path("{id}/export")
    @Produces({MARKDOWN, MediaType.APPLICATION_JSON})
    public Uni<RestResponse<String>> export(@PathParam("id") String id, @QueryParam("format") String format,
                                            @QueryParam(API_KEY) String apiKey) {
        SessionRequests.ExportFormat exportFormat = SessionRequests.format(format);
        return service.get(id, SessionRequests.apiKey(apiKey)).map(transcript -> switch (exportFormat) {
            case MARKDOWN -> file(MarkdownExport.render(transcript), MARKDOWN + ";charset=UTF-8", id + ".md");
            case JSON -> file(json(ConversationJson.of(transcript)), MediaType.APPLICATION_JSON, id + ".json");
        });
    }

    private static RestResponse<String> file(String content, String type, String name) {
        // Conversation ids come from clients: keep the file name to characters every tool takes.
        String fileName = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return RestResponse.ResponseBuilder.ok(content, type)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"")
                .build();
    }

    /** The same JSON as {@code GET /api/sessions/{id}}, indented for a file. */
    private String json(ConversationView view) {
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a conversation always serialises", e);
        }
    }
}
