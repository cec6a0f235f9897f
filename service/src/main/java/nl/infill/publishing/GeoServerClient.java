package nl.infill.publishing;

import java.net.http.HttpClient;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * GeoServer's REST API over Spring's RestClient (JDK HttpClient) with HTTP Basic auth. Retries
 * with exponential backoff on 5xx, connection errors and timeouts; never on 4xx (a 401 repeated
 * is a lock-out risk, not a cure). Logs method and path only: never headers or bodies, so
 * neither the admin password nor the datastore password can reach a log.
 */
@Component
class GeoServerClient {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    static final MediaType SLD = MediaType.parseMediaType("application/vnd.ogc.sld+xml");

    private static final Logger log = LoggerFactory.getLogger(GeoServerClient.class);

    private final RestClient rest;
    private final RestClient probe;
    private final int retries;
    private final long backoffMillis;
    private final AtomicLong attempts = new AtomicLong();

    GeoServerClient(GeoServerProperties p) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(p.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.rest = build(p, http, p.readTimeout());
        // The health check must answer well within a load balancer's or compose's timeout even
        // when GeoServer hangs, so its probe waits at most two seconds.
        this.probe = build(p, http, p.readTimeout().compareTo(PROBE_TIMEOUT) < 0 ? p.readTimeout() : PROBE_TIMEOUT);
        this.retries = p.retries();
        this.backoffMillis = p.backoff().toMillis();
    }

    private static RestClient build(GeoServerProperties p, HttpClient http, Duration readTimeout) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(readTimeout);
        return RestClient.builder()
                .requestFactory(factory)
                .baseUrl(p.base())
                .defaultHeaders(h -> {
                    if (p.hasPassword()) {
                        h.setBasicAuth(p.user(), p.password(), StandardCharsets.UTF_8);
                    }
                })
                .build();
    }

    /** A GeoServer answer we did not expect, or GeoServer not reachable at all. */
    static class GeoServerException extends RuntimeException {
        private final int status;

        GeoServerException(String message, int status) {
            super(message);
            this.status = status;
        }

        /** HTTP status, or 0 when no answer came. */
        int status() {
            return status;
        }
    }

    record Response(int status, String body) {
    }

    /** GET: true when the resource exists (200), false on 404. */
    boolean exists(String path) {
        Response r = call(HttpMethod.GET, path, null, null);
        if (r.status() == 200) {
            return true;
        }
        if (r.status() == 404) {
            return false;
        }
        throw unexpected(HttpMethod.GET, path, r);
    }

    /** GET of a resource that must exist (200); returns its JSON text. */
    String read(String path) {
        Response r = call(HttpMethod.GET, path, null, null);
        if (r.status() != 200) {
            throw unexpected(HttpMethod.GET, path, r);
        }
        return r.body();
    }

    /** DELETE that must succeed (200). */
    void delete(String path) {
        expect(HttpMethod.DELETE, path, null, null, 200);
    }

    /** POST that must create (201). */
    void create(String path, MediaType type, Object body) {
        expect(HttpMethod.POST, path, type, body, 201);
    }

    /** PUT that must update (200). */
    void update(String path, MediaType type, Object body) {
        expect(HttpMethod.PUT, path, type, body, 200);
    }

    /** POST that must succeed with 200 (GeoWebCache operations). */
    void post(String path, MediaType type, Object body) {
        expect(HttpMethod.POST, path, type, body, 200);
    }

    /** One GET without retries, for the health check: it must answer fast. */
    Response probe(String path) {
        return once(probe, HttpMethod.GET, path, null, null);
    }

    long attempts() {
        return attempts.get();
    }

    private void expect(HttpMethod method, String path, MediaType type, Object body, int status) {
        Response r = call(method, path, type, body);
        if (r.status() != status) {
            throw unexpected(method, path, r);
        }
    }

    private Response call(HttpMethod method, String path, MediaType type, Object body) {
        long wait = backoffMillis;
        for (int attempt = 0; ; attempt++) {
            try {
                Response r = once(method, path, type, body);
                if (r.status() < 500 || attempt >= retries) {
                    return r;
                }
                log.warn("GeoServer {} {} answered {}; retry {} of {} in {} ms", method, path, r.status(),
                        attempt + 1, retries, wait);
            } catch (ResourceAccessException e) {
                if (attempt >= retries) {
                    throw new GeoServerException("GeoServer not reachable at " + method + " " + path + " after "
                            + (attempt + 1) + " attempts: " + reason(e), 0);
                }
                log.warn("GeoServer {} {} not reachable ({}); retry {} of {} in {} ms", method, path, reason(e),
                        attempt + 1, retries, wait);
            }
            sleep(wait);
            wait *= 2;
        }
    }

    private Response once(HttpMethod method, String path, MediaType type, Object body) {
        attempts.incrementAndGet();
        return once(rest, method, path, type, body);
    }

    private static Response once(RestClient rest, HttpMethod method, String path, MediaType type, Object body) {
        log.debug("GeoServer {} {}", method, path);
        RestClient.RequestBodySpec spec = rest.method(method).uri(path).accept(MediaType.APPLICATION_JSON, MediaType.ALL);
        if (body != null) {
            spec.contentType(type).body(body);
        }
        return spec.exchange((req, res) -> {
            byte[] bytes = res.getBody().readAllBytes();
            return new Response(res.getStatusCode().value(), new String(bytes, StandardCharsets.UTF_8));
        });
    }

    private static GeoServerException unexpected(HttpMethod method, String path, Response r) {
        String what = switch (r.status()) {
            case 401 -> "GeoServer rejected the credentials (HTTP 401): check infill.geoserver.user and "
                    + "INFILL_GEOSERVER_PASSWORD";
            case 403 -> "GeoServer refused " + method + " " + path + " (HTTP 403)";
            case 404 -> "GeoServer has no " + path + " (HTTP 404)";
            case 415 -> "GeoServer did not accept the content type of " + method + " " + path + " (HTTP 415)";
            default -> "GeoServer answered HTTP " + r.status() + " to " + method + " " + path;
        };
        return new GeoServerException(what + brief(r.body()), r.status());
    }

    /** GeoServer answers errors in plain text; a short excerpt helps, a page of HTML does not. */
    private static String brief(String body) {
        if (body == null || body.isBlank() || body.contains("<html") || body.contains("<HTML")) {
            return "";
        }
        String one = body.strip().replaceAll("\\s+", " ");
        return ": " + (one.length() > 200 ? one.substring(0, 200) + "..." : one);
    }

    private static String reason(ResourceAccessException e) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + m);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GeoServerException("interrupted while waiting to retry", 0);
        }
    }
}
