package dev.switchboard.gateway.root;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Clients probe the base URL before they use it; Claude Code sends {@code HEAD /}. */
@Path("/")
public class RootResource {

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String root() {
        return "Switchboard is running";
    }

    @HEAD
    public Response head() {
        return Response.ok().build();
    }
}
