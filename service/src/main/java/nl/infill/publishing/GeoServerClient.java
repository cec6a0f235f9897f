package nl.infill.publishing;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.HtmlUtils;

/**
 * GeoServer's REST API over Spring's RestClient (JDK HttpClient) with HTTP Basic auth. Retries
 * with exponential backoff on 5xx, connection errors and timeouts; never on 4xx (a 401 repeated
 * is a lock-out risk, not a cure). Logs method and path only: never headers or bodies, so
 * neither the admin password nor the datastore password can reach a log. Remembers whether
 * GeoServer last accepted the credentials, for the health check.
 */
@Component
class GeoServerClient {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** How long a verdict on the credentials holds before the health check asks GeoServer again. */
    private static final Duration CREDENTIALS_MAX_AGE = Duration.ofSeconds(60);

    /**
     * SLD 1.0.0 with its charset: StyleController decodes a body without one with the JVM's default
     * charset (getCharsetFromContentType), and RestClient would encode the text as ISO-8859-1.
     */
    static final MediaType SLD = MediaType.parseMediaType("application/vnd.ogc.sld+xml;charset=UTF-8");

    /** GeoWebCache's MassTruncateController takes only exactly this (equalsIgnoreCase, no parameters). */
    private static final MediaType MASS_TRUNCATE = MediaType.parseMediaType("text/xml");

    private static final Pattern TOMCAT_MESSAGE = Pattern.compile("<p><b>Message</b>\\s*(.*?)</p>", Pattern.DOTALL);
    private static final Pattern HTML_TITLE = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL);
    private static final Pattern GWC_PREFIX = Pattern.compile("^org\\.geowebcache\\.rest\\.exception\\.RestException \\d+ \\w+: ");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Logger log = LoggerFactory.getLogger(GeoServerClient.class);

    /** What GeoServer last said of the credentials: UNVERIFIED until an authenticated call answered. */
    enum Credentials { ACCEPTED, REJECTED, UNVERIFIED }

    private record Verdict(Credentials credentials, Instant at) {
    }

    private final RestClient rest;
    private final RestClient anonymous;
    private final int retries;
    private final long backoffMillis;
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicReference<Verdict> verdict = new AtomicReference<>(new Verdict(Credentials.UNVERIFIED, Instant.EPOCH));
    private final AtomicReference<CompletableFuture<Credentials>> checking = new AtomicReference<>();
    /** One thread at most, gone when idle: it only waits out GeoServer's delay on a failed login. */
    private final ExecutorService checker = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            r -> {
                Thread t = new Thread(r, "geoserver-credentials");
                t.setDaemon(true);
                return t;
            });

    GeoServerClient(GeoServerProperties p) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(p.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.rest = build(p, http, p.readTimeout(), true);
        // The health check must answer well within a load balancer's or compose's timeout even
        // when GeoServer hangs, so its probe waits at most two seconds. It sends no credentials:
        // GeoServer answers an anonymous request at once, but holds a failed login back 1-5 s
        // (BruteForceListener), which a two-second probe would take for "not reachable".
        this.anonymous = build(p, http, p.readTimeout().compareTo(PROBE_TIMEOUT) < 0 ? p.readTimeout() : PROBE_TIMEOUT, false);
        this.retries = p.retries();
        this.backoffMillis = p.backoff().toMillis();
    }

    private static RestClient build(GeoServerProperties p, HttpClient http, Duration readTimeout, boolean authenticated) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(readTimeout);
        return RestClient.builder()
                .requestFactory(factory)
                .baseUrl(p.base())
                .defaultHeaders(h -> {
                    if (authenticated && p.hasPassword()) {
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

    /**
     * GET: true when the resource exists (200), false on 404. Asks with quietOnNotFound=true: without
     * it GeoServer logs every 404 at SEVERE with a stack trace (RestControllerAdvice), and a sync
     * asks about every object it is about to create.
     */
    boolean exists(String path) {
        String quiet = path + (path.contains("?") ? "&" : "?") + "quietOnNotFound=true";
        Response r = call(HttpMethod.GET, quiet, null, null);
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

    /**
     * The default style a layer has now, as "workspace:name" (or "name" for a global style).
     * GeoServer answers a PUT naming a style it does not have with 200 and keeps the old one
     * (CatalogBuilder.updateLayer skips what the body could not resolve), so only reading the
     * layer back tells whether the style took.
     */
    String defaultStyle(String layer) {
        try {
            JsonNode style = JSON.readTree(read("/rest/layers/" + layer)).path("layer").path("defaultStyle");
            String name = style.path("name").asString("");
            String workspace = style.path("workspace").asString("");
            return name.contains(":") || workspace.isEmpty() ? name : workspace + ":" + name;
        } catch (JacksonException e) {
            throw new GeoServerException("GeoServer's answer to GET /rest/layers/" + layer + " is not JSON", 200);
        }
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

    /**
     * Drops every cached tile of one layer (GeoWebCache's mass truncation). False when
     * GeoWebCache has no tile layer for it, so nothing is cached (TruncateLayerRequest answers
     * 400 "Could not find layer"); e.g. with automatic tile layers switched off.
     */
    boolean truncate(String layerName) {
        String xml = "<truncateLayer><layerName>" + SldStyles.esc(layerName) + "</layerName></truncateLayer>";
        String path = "/gwc/rest/masstruncate";
        Response r = call(HttpMethod.POST, path, MASS_TRUNCATE, xml.getBytes(StandardCharsets.UTF_8));
        if (r.status() == 200) {
            return true;
        }
        if (r.status() == 400 && r.body().contains("Could not find layer")) {
            return false;
        }
        throw unexpected(HttpMethod.POST, path, r);
    }

    /** One GET without credentials and without retries, for the health check: it must answer fast. */
    Response probe(String path) {
        return once(anonymous, HttpMethod.GET, path, null, null);
    }

    /**
     * Whether GeoServer accepts the credentials: the verdict of the last authenticated call while
     * it is recent, else the answer of a fresh check, waited for at most {@code wait}. A rejected
     * login takes GeoServer 1-5 s to answer, so a short wait returns the older verdict (or
     * UNVERIFIED) and the next call finds the new one.
     */
    Credentials credentials(Duration wait) {
        Verdict v = verdict.get();
        if (v.credentials() != Credentials.UNVERIFIED && v.at().isAfter(clock.instant().minus(CREDENTIALS_MAX_AGE))) {
            return v.credentials();
        }
        CompletableFuture<Credentials> check = checking.updateAndGet(c -> c != null && !c.isDone() ? c
                : CompletableFuture.supplyAsync(this::checkCredentials, checker));
        try {
            return check.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return v.credentials();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return v.credentials();
        }
    }

    private Credentials checkCredentials() {
        try {
            once(HttpMethod.GET, "/rest/about/version", null, null);
        } catch (ResourceAccessException e) {
            log.debug("GeoServer credentials check: {}", reason(e));
        }
        return verdict.get().credentials();
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

    /** An authenticated call; its answer is also GeoServer's word on the credentials. */
    private Response once(HttpMethod method, String path, MediaType type, Object body) {
        attempts.incrementAndGet();
        Response r = once(rest, method, path, type, body);
        verdict.set(new Verdict(r.status() == 401 ? Credentials.REJECTED : Credentials.ACCEPTED, clock.instant()));
        return r;
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
        return new GeoServerException(what + (r.status() == 401 ? "" : reasonIn(r.body())), r.status());
    }

    /**
     * GeoServer's own reason, as ": reason", or "". GeoServer answers a RestException with a 4xx
     * through Tomcat's HTML error page, whose "Message" paragraph holds the reason (HTML-escaped);
     * other errors come as plain text, GeoWebCache's with its exception's class name in front.
     */
    static String reasonIn(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body;
        if (body.contains("<html") || body.contains("<HTML")) {
            Matcher m = TOMCAT_MESSAGE.matcher(body);
            Matcher t = HTML_TITLE.matcher(body);
            text = m.find() ? m.group(1) : t.find() ? t.group(1) : "";
            text = HtmlUtils.htmlUnescape(text.replaceAll("<[^>]*>", ""));
        }
        String one = GWC_PREFIX.matcher(text.strip().replaceAll("\\s+", " ")).replaceFirst("");
        if (one.isEmpty()) {
            return "";
        }
        return ": " + (one.length() > 300 ? one.substring(0, 300) + "..." : one);
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
