package nl.infill.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The harvest API as a client sees it, for the harvest tests, and the test context's harvest
 * settings: loopback only (127.0.0.1, nothing else private), small limits so that each one is
 * cheap to reach.
 */
final class HarvestApi {

    /** 127.0.0.2 is an allowed host whose address is not: a redirect there tests the address check. */
    static final String HOSTS = "infill.harvest.allowed-hosts=127.0.0.1,127.0.0.2";
    static final String PRIVATE = "infill.harvest.allow-private=127.0.0.1/32";
    static final String PAGES = "infill.harvest.max-pages=40";
    static final String FEATURES = "infill.harvest.max-features=20000";
    static final String READ_TIMEOUT = "infill.harvest.read-timeout=2s";
    static final String PAGE_BYTES = "infill.harvest.max-page-bytes=4MB";
    static final String PROGRESS = "infill.harvest.progress-interval=0s";

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Answer(int status, String contentType, String location, List<String> vary, JsonNode body) {
    }

    private final int port;

    HarvestApi(int port) {
        this.port = port;
    }

    /** POST /api/layers/{layer}/harvests as the editor, with {@code Prefer: wait=N} when {@code wait} > 0. */
    Answer start(String layer, String body, int wait) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/layers/" + layer
                        + "/harvests"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("editor:editor".getBytes()))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (wait > 0) {
            b.header("Prefer", "wait=" + wait);
        }
        return send(b.build());
    }

    /** POST without credentials. */
    Answer startAnonymously(String layer, String body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/layers/" + layer + "/harvests"))
                .header("Content-Type", "application/json").header("X-Requested-With", "XMLHttpRequest")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    JsonNode load(long id) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/loads/" + id)).build()).body();
    }

    /** Polls the load until it is no longer running (at most two minutes). */
    JsonNode awaitEnd(long id) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode r = load(id);
            if (!"running".equals(r.path("status").asString())) {
                return r;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("load " + id + " still running after two minutes");
    }

    /** A request body: pairs of name and JSON value text. */
    static String body(String... pairs) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            members.add("\"" + pairs[i] + "\":" + pairs[i + 1]);
        }
        return "{" + String.join(",", members) + "}";
    }

    static String quoted(String s) {
        return JSON.writeValueAsString(s);
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = r.body().length == 0 ? JSON.nullNode() : JSON.readTree(r.body());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null),
                    r.headers().firstValue("Location").orElse(null), r.headers().allValues("Vary"), body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
