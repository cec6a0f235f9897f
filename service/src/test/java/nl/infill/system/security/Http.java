package nl.infill.system.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A raw HTTP client for the security tests: it sends exactly the path, headers and cookies given
 * (no redirects, no cookie jar, no URL normalisation), so attacks arrive as an attacker sends them.
 */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String base;
    private final String method;
    private final String path;
    private final List<String> headers = new ArrayList<>();
    private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

    private Http(int port, String method, String path) {
        this.base = "http://localhost:" + port;
        this.method = method;
        this.path = path;
    }

    public static Http request(int port, String method, String rawPath) {
        return new Http(port, method, rawPath);
    }

    public Http header(String name, String value) {
        headers.add(name);
        headers.add(value);
        return this;
    }

    public Http basic(String user, String password) {
        return header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public Http json(String json) {
        header("Content-Type", "application/json");
        body = HttpRequest.BodyPublishers.ofString(json);
        return this;
    }

    public Http body(String contentType, HttpRequest.BodyPublisher publisher) {
        header("Content-Type", contentType);
        body = publisher;
        return this;
    }

    public Response send() {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body);
        for (int i = 0; i < headers.size(); i += 2) {
            b.header(headers.get(i), headers.get(i + 1));
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().map(), r.body(), (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, Map<String, List<String>> headers, String body, long millis) {

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        public List<String> all(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
        }

        /** The value of a cookie set by this response (the last Set-Cookie for it wins). */
        public Optional<String> cookie(String name) {
            String found = null;
            for (String c : all("Set-Cookie")) {
                if (c.startsWith(name + "=")) {
                    found = c.substring(name.length() + 1).split(";", 2)[0];
                }
            }
            return Optional.ofNullable(found).filter(v -> !v.isEmpty());
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }
    }
}
