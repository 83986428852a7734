package dev.switchboard.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Where the running suite is, and a look into the simulator standing in for the backends. */
final class Suite {

    static final String GATEWAY = "http://127.0.0.1:4000";
    static final String SIMULATOR = "http://127.0.0.1:4010";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Suite() {
    }

    /** The request bodies the simulator received last, newest last. */
    static JsonNode simulatorRequests(int limit) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create(SIMULATOR + "/simulator/requests?limit=" + limit)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
