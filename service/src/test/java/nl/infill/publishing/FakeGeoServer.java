package nl.infill.publishing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.w3c.dom.Document;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stateful in-memory GeoServer 2.28.1 (with its GeoWebCache 1.28.1) that answers the REST calls
 * Infill makes the way the real one does, including where the real one is awkward: the status
 * code, the body (plain text, an empty body, or Tomcat's HTML error page) and the side effects.
 * Each behaviour names its evidence: a GeoServer or GeoWebCache source file (read at the 2.28.x /
 * 1.28.1 code), Tomcat's ErrorReportValve, or the REST documentation. Where this fake knows less
 * than GeoServer (it has no database behind the datastore), the comment says so.
 *
 * <p>How GeoServer 2.28 answers errors (rest/RestControllerAdvice.java):
 * <ul>
 * <li>ResourceNotFoundException: 404, text/plain with the message, logged at SEVERE with a stack
 * trace, unless the request has {@code quietOnNotFound=true}: then an empty body and no log;</li>
 * <li>RestException with a 4xx status: {@code response.sendError(status, message)}, so Tomcat's
 * ErrorReportValve writes its HTML page with the message in {@code <p><b>Message</b> ...</p>};</li>
 * <li>RestException with a 5xx status, and any other exception: the status (500) and the
 * message as text/plain;</li>
 * <li>a content type no handler consumes: Spring's ResponseEntityExceptionHandler, 415 with an
 * empty body.</li>
 * </ul>
 * Tests can inject failures, read the request log (with the full Content-Type header) and the
 * SEVERE lines GeoServer would have logged.
 */
final class FakeGeoServer implements AutoCloseable {

    record Request(String method, String path, String query, String contentType, int status) {
    }

    /** GeoServer's brute-force protection defaults (security/config/BruteForcePreventionConfig.java). */
    static final Duration LOGIN_DELAY_MIN = Duration.ofSeconds(1);
    static final Duration LOGIN_DELAY_MAX = Duration.ofSeconds(5);

    /** Styles every GeoServer data directory has, with no workspace (CatalogBuilder.buildLayer picks one). */
    private static final Set<String> GLOBAL_STYLES = Set.of("generic", "point", "line", "polygon", "raster");

    private static final Set<String> CATALOG_TYPES = Set.of("application/json", "text/json", "application/xml", "text/xml");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-geoserver");
        t.setDaemon(true);
        return t;
    });
    private final JsonMapper json = JsonMapper.builder().build();
    private final String user = "admin";
    private volatile String password = "geoserver-secret";
    private volatile Duration loginDelayMin = LOGIN_DELAY_MIN;
    private volatile Duration loginDelayMax = LOGIN_DELAY_MAX;
    private volatile Charset jvmDefaultCharset = StandardCharsets.UTF_8;
    private volatile boolean cacheLayersByDefault = true;

    final Map<String, JsonNode> workspaces = new ConcurrentHashMap<>();
    final Map<String, JsonNode> datastores = new ConcurrentHashMap<>();      // ws/ds
    final Map<String, JsonNode> featureTypes = new ConcurrentHashMap<>();    // ws/ds/ft
    final Map<String, String> styles = new ConcurrentHashMap<>();            // ws/style -> SLD as GeoServer decoded it
    final Map<String, ObjectNode> layers = new ConcurrentHashMap<>();        // ws:name -> {defaultStyle:{name,workspace}, styles:[...]}
    final Map<String, ObjectNode> layerGroups = new ConcurrentHashMap<>();   // ws/lg -> the group as stored, with bounds
    final Set<String> tileLayers = ConcurrentHashMap.newKeySet();             // GeoWebCache tile layers, ws:name
    final List<String> truncated = new CopyOnWriteArrayList<>();
    final List<Request> log = new CopyOnWriteArrayList<>();
    /** What GeoServer would have written to its log at SEVERE, each with a stack trace. */
    final List<String> severeLog = new CopyOnWriteArrayList<>();
    final AtomicInteger failedLogins = new AtomicInteger();

    private final Map<String, AtomicInteger> delayedUsers = new ConcurrentHashMap<>();
    private final List<Injected> injected = new CopyOnWriteArrayList<>();

    private record Injected(String method, String pathPart, AtomicInteger times, int status, String message) {
    }

    FakeGeoServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::handle);
        // Tomcat serves requests from a thread pool: a login held back by the brute-force delay
        // must not hold up the others.
        server.setExecutor(threads);
        server.start();
    }

    /** A started fake for a test class's static field (a static initialiser cannot throw IOException). */
    static FakeGeoServer started() {
        try {
            return new FakeGeoServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Points a test context's publishing at this fake: enabled, its URL, and no sync at start (the
     * tests start the syncs they look at). The password is each test's own choice.
     */
    void configure(DynamicPropertyRegistry r) {
        r.add("infill.geoserver.enabled", () -> "true");
        r.add("infill.geoserver.url", this::url);
        r.add("infill.geoserver.sync-on-startup", () -> "false");
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/geoserver";
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** From now on only this password is accepted (simulates a changed admin password). */
    void requirePassword(String newPassword) {
        this.password = newPassword;
    }

    /** The brute-force delay on a failed login, drawn evenly from [min, max] as GeoServer does. */
    void loginDelay(Duration min, Duration max) {
        this.loginDelayMin = min;
        this.loginDelayMax = max;
    }

    /** The JVM's default charset, which GeoServer and GeoWebCache decode a body with when its Content-Type has no charset. */
    void jvmDefaultCharset(Charset charset) {
        this.jvmDefaultCharset = charset;
    }

    /** GeoWebCache's "automatically configure a tile layer for each new layer" (GWCConfig.cacheLayersByDefault). */
    void cacheLayersByDefault(boolean on) {
        this.cacheLayersByDefault = on;
    }

    /** The next {@code times} requests whose path and query contain {@code pathPart} answer {@code status}. */
    void failNext(String pathPart, int times, int status) {
        failNext(null, pathPart, times, status, "injected failure");
    }

    /**
     * The next {@code times} requests with this method (null: any) whose path and query contain
     * {@code pathPart} fail as GeoServer fails with that status and message: a 4xx as a
     * RestException (Tomcat's HTML page), a 5xx as plain text.
     */
    void failNext(String method, String pathPart, int times, int status, String message) {
        injected.add(new Injected(method, pathPart, new AtomicInteger(times), status, message));
    }

    /** Failed logins being held back right now. */
    int loginsHeldBack() {
        return delayedUsers.size();
    }

    void clearLog() {
        log.clear();
        severeLog.clear();
    }

    void reset() {
        workspaces.clear();
        datastores.clear();
        featureTypes.clear();
        styles.clear();
        layers.clear();
        layerGroups.clear();
        tileLayers.clear();
        truncated.clear();
        injected.clear();
        delayedUsers.clear();
        failedLogins.set(0);
        clearLog();
        password = "geoserver-secret";
        loginDelayMin = LOGIN_DELAY_MIN;
        loginDelayMax = LOGIN_DELAY_MAX;
        jvmDefaultCharset = StandardCharsets.UTF_8;
        cacheLayersByDefault = true;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** Requests per method, for asserting that a re-sync only reads and updates. */
    Map<String, Long> methodCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Request r : log) {
            counts.merge(r.method(), 1L, Long::sum);
        }
        return counts;
    }

    // --- answers ---

    private record Answer(int status, String contentType, String body, Map<String, String> headers) {
    }

    private static Answer text(int status, String body) {
        return new Answer(status, "text/plain", body, Map.of());
    }

    private static Answer json(String body) {
        return new Answer(200, "application/json", body, Map.of());
    }

    private static Answer ok() {
        return new Answer(200, null, "", Map.of());
    }

    /** A create: 201, the new name as text/plain and a Location header (e.g. WorkspaceController.workspacePost). */
    private Answer created(String name, String location) {
        return new Answer(201, "text/plain", name, Map.of("Location", base() + location));
    }

    /** RestControllerAdvice.handleResourceNotFound: text, or nothing (and no log) with quietOnNotFound=true. */
    private Answer notFound(String query, String message) {
        if ("true".equalsIgnoreCase(queryParam(query, "quietOnNotFound"))) {
            return text(404, "");
        }
        severeLog.add("ResourceNotFoundException: " + message);
        return text(404, message);
    }

    /** RestControllerAdvice.handleRestException for a 4xx: sendError, so Tomcat writes its HTML page. */
    private Answer restError(int status, String message) {
        severeLog.add("RestException " + status + ": " + message);
        return tomcatErrorPage(status, message);
    }

    /** RestControllerAdvice.handleGeneralException (and handleRestException for a 5xx): the message as text. */
    private Answer serverError(int status, String message) {
        severeLog.add("Exception: " + message);
        return text(status, message);
    }

    /**
     * Tomcat 9's ErrorReportValve.report (the GeoServer image runs tomcat:9.0-jdk17 and leaves the
     * valve's defaults): the message HTML-escaped, the status's standard description, and the
     * server info, which the image's Dockerfile rewrites to "i_am_a_teapot".
     */
    private static Answer tomcatErrorPage(int status, String message) {
        String reason = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            default -> "Error";
        };
        String description = switch (status) {
            case 400 -> "The server cannot or will not process the request due to something that is perceived to be a "
                    + "client error (e.g., malformed request syntax, invalid request message framing, or deceptive "
                    + "request routing).";
            case 401 -> "The request has not been applied to the target resource because it lacks valid authentication "
                    + "credentials for that resource.";
            case 403 -> "The server understood the request but refuses to authorize it.";
            default -> "The server could not complete the request.";
        };
        String title = "HTTP Status " + status + " \u2013 " + reason;
        String page = "<!doctype html><html lang=\"en\"><head><title>" + title + "</title><style type=\"text/css\">"
                + "body {font-family:Tahoma,Arial,sans-serif;} h1, h2, h3, b {color:white;background-color:#525D76;} "
                + "h1 {font-size:22px;} h2 {font-size:16px;} h3 {font-size:14px;} p {font-size:12px;} a {color:black;} "
                + ".line {height:1px;background-color:#525D76;border:none;}</style></head><body><h1>" + title
                + "</h1><hr class=\"line\" /><p><b>Type</b> Status Report</p>"
                + (message.isEmpty() ? "" : "<p><b>Message</b> " + htmlEscape(message) + "</p>")
                + "<p><b>Description</b> " + description + "</p><hr class=\"line\" /><h3>i_am_a_teapot</h3></body></html>";
        return new Answer(status, "text/html;charset=utf-8", page, Map.of());
    }

    // --- dispatch ---

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery();
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        Answer a;
        try {
            a = answer(ex.getRequestHeaders().getFirst("Authorization"), method, path, query, contentType, body);
        } catch (JacksonException | IllegalArgumentException e) {
            // XStream failing on a body it cannot map propagates to handleGeneralException: 500.
            a = serverError(500, e.getMessage());
        }
        log.add(new Request(method, path, query, contentType, a.status()));
        a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        if (a.contentType() != null) {
            ex.getResponseHeaders().set("Content-Type", a.contentType());
        }
        byte[] out = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            ex.getResponseBody().write(out);
        }
        ex.close();
    }

    private Answer answer(String authorization, String method, String path, String query, String contentType, byte[] body) {
        if (!path.startsWith("/geoserver/rest") && !path.startsWith("/geoserver/gwc/rest")) {
            return tomcatErrorPage(404, "");
        }
        Answer denied = authenticate(authorization);
        if (denied != null) {
            return denied;
        }
        String target = query == null ? path : path + "?" + query;
        for (Injected f : injected) {
            if ((f.method() == null || f.method().equals(method)) && target.contains(f.pathPart())
                    && f.times().getAndDecrement() > 0) {
                return f.status() < 500 ? restError(f.status(), f.message()) : serverError(f.status(), f.message());
            }
        }
        // RestSuffixStripFilter: a .json/.xml suffix picks the format, the path is the same.
        String p = path.replaceFirst("\\.(json|xml|sld)$", "");
        if (p.startsWith("/geoserver/gwc/rest")) {
            return geoWebCache(method, p, contentType, body);
        }
        String mediaType = contentType == null ? null : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (p.equals("/geoserver/rest/about/version")) {
            return json("{\"about\":{\"resource\":[{\"@name\":\"GeoServer\",\"Version\":\"2.28.1\"},"
                    + "{\"@name\":\"GeoWebCache\",\"Version\":\"1.28.1\"}]}}");
        }
        Matcher m;
        if ((m = match("/geoserver/rest/workspaces/([^/]+)/styles(?:/([^/]+))?", p)) != null) {
            return style(method, m.group(1), m.group(2), query, contentType, mediaType, body);
        }
        boolean write = method.equals("POST") || method.equals("PUT");
        if (write && (mediaType == null || !CATALOG_TYPES.contains(mediaType))) {
            // Catalog controllers consume JSON or XML only; Spring's ResponseEntityExceptionHandler: 415, no body.
            return new Answer(415, null, "", Map.of("Accept", String.join(", ", CATALOG_TYPES)));
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if ((m = match("/geoserver/rest/workspaces(?:/([^/]+))?", p)) != null) {
            return workspace(method, m.group(1), query, text);
        }
        if ((m = match("/geoserver/rest/workspaces/([^/]+)/datastores(?:/([^/]+))?", p)) != null) {
            return datastore(method, m.group(1), m.group(2), query, text);
        }
        if ((m = match("/geoserver/rest/workspaces/([^/]+)/datastores/([^/]+)/featuretypes(?:/([^/]+))?", p)) != null) {
            return featureType(method, m.group(1), m.group(2), m.group(3), query, text);
        }
        if ((m = match("/geoserver/rest/layers/([^/:]+):([^/]+)", p)) != null) {
            return layer(method, m.group(1), m.group(2), query, text);
        }
        if ((m = match("/geoserver/rest/workspaces/([^/]+)/layergroups(?:/([^/]+))?", p)) != null) {
            return layerGroup(method, m.group(1), m.group(2), query, text);
        }
        // No REST controller maps the path: Spring's DispatcherServlet, a plain 404.
        return tomcatErrorPage(404, "");
    }

    /**
     * GeoServer's Basic authentication (GeoServerBasicAuthenticationFilter with Spring Security's
     * BasicAuthenticationEntryPoint: sendError(401) and {@code WWW-Authenticate: Basic realm="GeoServer
     * Realm"}) and its brute-force protection (security/BruteForceListener.java): a failed login
     * is held back 1-5 s, and while it is, every other login of that user fails at once, even a
     * correct one. 127.0.0.1 is exempt in GeoServer's default whitelist; this fake answers as
     * GeoServer answers the service in docker/docker-compose.yml, which calls from another
     * container's address.
     */
    private Answer authenticate(String header) {
        Answer page = tomcatErrorPage(401, "Unauthorized");
        Answer challenge = new Answer(401, page.contentType(), page.body(),
                Map.of("WWW-Authenticate", "Basic realm=\"GeoServer Realm\""));
        if (header == null || !header.startsWith("Basic ")) {
            return challenge; // anonymous: access denied, no authentication attempt, no delay
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        String name = colon < 0 ? decoded : decoded.substring(0, colon);
        AtomicInteger inFlight = delayedUsers.get(name);
        if (inFlight != null) {
            inFlight.incrementAndGet(); // ConcurrentAuthenticationException
            return challenge;
        }
        if (decoded.equals(user + ":" + password)) {
            return null;
        }
        failedLogins.incrementAndGet();
        delayedUsers.put(name, new AtomicInteger(1));
        try {
            long min = loginDelayMin.toMillis();
            long delay = min + (long) ((loginDelayMax.toMillis() - min) * Math.random());
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            delayedUsers.remove(name);
        }
        return challenge;
    }

    // --- GeoWebCache ---

    /**
     * gwc/rest/controller/MassTruncateController.java (GeoWebCache 1.28.1, in GeoServer 2.28.1):
     * the body is read with the JVM's default charset; a Content-Type other than exactly
     * {@code text/xml} (compared with equalsIgnoreCase, so a charset parameter fails it),
     * {@code json} or {@code application/x-www-form-urlencoded} is a RestException 400, and
     * TruncateLayerRequest turns a layer that has no tile layer into one too. The controller's own
     * handler answers {@code RestException.toString()}: no HTML page.
     */
    private Answer geoWebCache(String method, String p, String contentType, byte[] body) {
        if (!p.equals("/geoserver/gwc/rest/masstruncate")) {
            return tomcatErrorPage(404, "");
        }
        if (method.equals("GET")) {
            return new Answer(200, "text/xml", "<massTruncateRequests href=\"" + base() + "/gwc/rest/masstruncate\">"
                    + " <requestType>truncateLayer</requestType> <requestType>truncateParameters</requestType>"
                    + " <requestType>truncateOrphans</requestType> <requestType>truncateExtent</requestType>"
                    + "</massTruncateRequests>", Map.of());
        }
        if (!method.equals("POST")) {
            return new Answer(405, null, "", Map.of());
        }
        if (contentType != null && !contentType.equalsIgnoreCase("text/xml")) {
            return gwcError(400, "Format extension unknown or not specified: " + contentType);
        }
        String xml = new String(body, jvmDefaultCharset);
        Matcher m = Pattern.compile("^\\s*<truncateLayer>\\s*<layerName>([^<]+)</layerName>\\s*</truncateLayer>\\s*$").matcher(xml);
        if (!m.find()) {
            // XStream cannot map the document: the exception escapes the controller's handler.
            return serverError(500, "Unexpected or malformed mass truncate request: " + xml.strip());
        }
        String layer = m.group(1);
        if (!tileLayers.contains(layer)) {
            return gwcError(400, "Could not find layer " + layer);
        }
        truncated.add(layer);
        return new Answer(200, null, "", Map.of());
    }

    private static Answer gwcError(int status, String message) {
        return text(status, "org.geowebcache.rest.exception.RestException " + status + " BAD_REQUEST: " + message);
    }

    // --- catalog ---

    /** rest/catalog/WorkspaceController.java */
    private Answer workspace(String method, String ws, String query, String body) {
        if (ws == null) {
            if (method.equals("GET")) {
                return json(collection("workspaces", "workspace", workspaces.keySet()));
            }
            if (method.equals("POST")) {
                String name = jsonBody(body, "workspace").get("name").asString();
                if (workspaces.containsKey(name)) {
                    return restError(409, "Workspace '" + name + "' already exists");
                }
                workspaces.put(name, json.readTree(body));
                return created(name, "/rest/workspaces/" + name);
            }
            return new Answer(405, null, "", Map.of());
        }
        if (!workspaces.containsKey(ws)) {
            return switch (method) {
                case "GET" -> notFound(query, "No such workspace: '" + ws + "' found");
                case "PUT" -> restError(404, "Can't change a non existant workspace (" + ws + ")");
                default -> restError(404, "Workspace '" + ws + "' not found");
            };
        }
        switch (method) {
            case "GET":
                return json("{\"workspace\":{\"name\":\"" + ws + "\",\"isolated\":false}}");
            case "PUT":
                return ok();
            case "DELETE":
                boolean empty = datastores.keySet().stream().noneMatch(k -> k.startsWith(ws + "/"));
                if (!empty && !"true".equals(queryParam(query, "recurse"))) {
                    return restError(403, "Workspace not empty");
                }
                workspaces.remove(ws);
                removePrefix(ws + "/");
                layers.keySet().removeIf(k -> k.startsWith(ws + ":"));
                tileLayers.removeIf(k -> k.startsWith(ws + ":"));
                return ok();
            default:
                return new Answer(405, null, "", Map.of());
        }
    }

    /** rest/catalog/DataStoreController.java; a duplicate fails in CatalogValidator (IllegalArgumentException, 500). */
    private Answer datastore(String method, String ws, String ds, String query, String body) {
        if (!workspaces.containsKey(ws)) {
            return notFound(query, "No such workspace: " + ws);
        }
        if (ds == null) {
            if (method.equals("POST")) {
                JsonNode store = jsonBody(body, "dataStore");
                String name = store.get("name").asString();
                requireEntries(store);
                if (datastores.containsKey(ws + "/" + name)) {
                    return serverError(500, "Store '" + name + "' already exists in workspace '" + ws + "'");
                }
                datastores.put(ws + "/" + name, store);
                return created(name, "/rest/workspaces/" + ws + "/datastores/" + name);
            }
            return json(collection("dataStores", "dataStore", datastores.keySet().stream()
                    .filter(k -> k.startsWith(ws + "/")).map(k -> k.substring(ws.length() + 1)).toList()));
        }
        String key = ws + "/" + ds;
        if (!datastores.containsKey(key)) {
            return notFound(query, "No such datastore: " + ws + "," + ds);
        }
        switch (method) {
            case "GET":
                return json("{\"dataStore\":" + datastores.get(key) + "}");
            case "PUT":
                JsonNode store = jsonBody(body, "dataStore");
                requireEntries(store);
                datastores.put(key, store);
                return ok();
            case "DELETE":
                boolean empty = featureTypes.keySet().stream().noneMatch(k -> k.startsWith(key + "/"));
                if (!empty && !"true".equals(queryParam(query, "recurse"))) {
                    return restError(403, "datastore not empty");
                }
                featureTypes.keySet().stream().filter(k -> k.startsWith(key + "/")).toList()
                        .forEach(k -> removeLayer(ws + ":" + k.substring(key.length() + 1)));
                datastores.remove(key);
                removePrefix(key + "/");
                return ok();
            default:
                return new Answer(405, null, "", Map.of());
        }
    }

    /** rest/catalog/FeatureTypeController.java */
    private Answer featureType(String method, String ws, String ds, String ft, String query, String body) {
        String store = ws + "/" + ds;
        if (!datastores.containsKey(store)) {
            return notFound(query, "No such data store: " + ws + "," + ds);
        }
        if (ft == null) {
            if (method.equals("POST")) {
                JsonNode type = jsonBody(body, "featureType");
                String name = type.get("name").asString();
                requireFeatureType(type);
                if (featureTypes.containsKey(store + "/" + name)) {
                    // CatalogValidator.validate(ResourceInfo): IllegalArgumentException, 500.
                    return serverError(500, "Resource named '" + name + "' already exists in store: '" + ds + "'");
                }
                featureTypes.put(store + "/" + name, type);
                // featureTypePost adds the layer too (CatalogBuilder.buildLayer), with a generic
                // style chosen by geometry type; this fake has no database, so it takes the geometry
                // from Infill's layer names. GeoWebCache makes a tile layer for it
                // (GWCConfig.cacheLayersByDefault, on in a new data directory).
                ObjectNode layer = json.createObjectNode();
                layer.putObject("defaultStyle").put("name", genericStyle(name));
                layer.putArray("styles");
                layers.put(ws + ":" + name, layer);
                if (cacheLayersByDefault) {
                    tileLayers.add(ws + ":" + name);
                }
                return new Answer(201, "text/plain", "",
                        Map.of("Location", base() + "/rest/workspaces/" + ws + "/datastores/" + ds + "/featuretypes/" + name));
            }
            List<String> names = featureTypes.keySet().stream().filter(k -> k.startsWith(store + "/"))
                    .map(k -> k.substring(store.length() + 1)).sorted().toList();
            return json(collection("featureTypes", "featureType", names));
        }
        String key = store + "/" + ft;
        if (!featureTypes.containsKey(key)) {
            return notFound(query, "No such feature type: " + ws + "," + ds + "," + ft);
        }
        switch (method) {
            case "GET":
                return json("{\"featureType\":" + featureTypes.get(key) + "}");
            case "PUT":
                JsonNode type = jsonBody(body, "featureType");
                requireFeatureType(type);
                featureTypes.put(key, type);
                return ok();
            case "DELETE":
                String layer = ws + ":" + ft;
                if (layers.containsKey(layer) && !"true".equals(queryParam(query, "recurse"))) {
                    return restError(403, "feature type referenced by layer(s)");
                }
                // recurse removes the layer first: CatalogImpl refuses a layer that a group names.
                String group = groupNaming(layer);
                if (group != null) {
                    return serverError(500, "Unable to delete layer referenced by layer group '" + group + "'");
                }
                removeLayer(layer);
                featureTypes.remove(key);
                return ok();
            default:
                return new Answer(405, null, "", Map.of());
        }
    }

    /**
     * rest/catalog/StyleController.java. POST and PUT of a style body go by Content-Type: JSON and
     * XML (text/xml, application/xml, application/json, text/json) are style records, not SLD;
     * anything else goes to the style handlers, looked up by the media type before any ';'
     * (Styles.handler: no handler for text/plain is a RuntimeException, 500). The body is
     * decoded with the charset parameter, else with the JVM's default charset
     * (getCharsetFromContentType).
     */
    private Answer style(String method, String ws, String name, String query, String contentType, String mediaType,
                         byte[] body) {
        if (!workspaces.containsKey(ws)) {
            return notFound(query, "Workspace " + ws + " not found");
        }
        boolean record = mediaType != null && CATALOG_TYPES.contains(mediaType);
        if (name == null) {
            if (method.equals("GET")) {
                return json(collection("styles", "style", styles.keySet().stream().filter(k -> k.startsWith(ws + "/"))
                        .map(k -> k.substring(ws.length() + 1)).toList()));
            }
            if (!method.equals("POST")) {
                return new Answer(405, null, "", Map.of());
            }
            String styleName = queryParam(query, "name");
            if (styleName == null) {
                // getNameFromStyle: the UserStyle's name.
                Matcher n = Pattern.compile("<UserStyle>\\s*<Name>([^<]+)</Name>").matcher(new String(body, StandardCharsets.UTF_8));
                styleName = n.find() ? n.group(1) : "style-" + Integer.toHexString(styles.size());
            }
            if (record) {
                // stylePost(@RequestBody StyleInfo): XStream reads the body as a style record; an SLD
                // document is not one, and the exception escapes to handleGeneralException.
                JsonNode style = jsonBody(new String(body, StandardCharsets.UTF_8), "style");
                String n = style.get("name").asString();
                if (styles.containsKey(ws + "/" + n)) {
                    return serverError(500, "Style named '" + n + "' already exists in workspace " + ws);
                }
                styles.put(ws + "/" + n, "");
                return new Answer(201, "text/plain", n, Map.of());
            }
            String sld = decodeSld(contentType, mediaType, body);
            if (sld == null) {
                return serverError(500, "No such style handler: format = " + rawMediaType(contentType));
            }
            String problem = sldProblem(sld);
            if (problem != null) {
                return serverError(500, problem);
            }
            if (styles.containsKey(ws + "/" + styleName)) {
                return restError(403, "Style " + styleName + " already exists.");
            }
            styles.put(ws + "/" + styleName, sld);
            return created(styleName, "/rest/workspaces/" + ws + "/styles/" + styleName);
        }
        String key = ws + "/" + name;
        switch (method) {
            case "GET":
                if (!styles.containsKey(key)) {
                    return notFound(query, "No such style " + name + " in workspace " + ws);
                }
                return json("{\"style\":{\"name\":\"" + name + "\",\"workspace\":{\"name\":\"" + ws + "\"},"
                        + "\"format\":\"sld\",\"languageVersion\":{\"version\":\"1.0.0\"},\"filename\":\"" + name + ".sld\"}}");
            case "PUT":
                if (record) {
                    return styles.containsKey(key) ? ok() : serverError(500, "");
                }
                // stylePut catches every failure of the handler, the parser and the write as
                // "Invalid style:" + message, 400; a missing style fails the write with a null message.
                String sld = decodeSld(contentType, mediaType, body);
                if (sld == null) {
                    return restError(400, "Invalid style:No such style handler: format = " + rawMediaType(contentType));
                }
                String problem = sldProblem(sld);
                if (problem != null) {
                    return restError(400, "Invalid style:" + problem);
                }
                if (!styles.containsKey(key)) {
                    return restError(400, "Invalid style:null");
                }
                styles.put(key, sld);
                return ok();
            case "DELETE":
                if (!styles.containsKey(key)) {
                    return notFound(query, "Style " + name + " not found");
                }
                boolean used = layers.values().stream().anyMatch(l -> refersTo(l, ws, name));
                if (used && !"true".equals(queryParam(query, "recurse"))) {
                    return restError(403, "Can't delete style referenced by existing layers.");
                }
                styles.remove(key);
                return ok();
            default:
                return new Answer(405, null, "", Map.of());
        }
    }

    /** The SLD text as GeoServer decodes it, or null when no style handler takes the media type. */
    private String decodeSld(String contentType, String mediaType, byte[] body) {
        // Styles.handler matches the SLD handlers' MIME types, their format name and file extension.
        String raw = rawMediaType(contentType);
        if (raw == null || !Set.of("application/vnd.ogc.sld+xml", "application/vnd.ogc.se+xml", "sld").contains(raw)) {
            return null;
        }
        Charset charset = jvmDefaultCharset;
        String[] parts = contentType.split(";");
        if (parts.length > 1 && parts[1].contains("=") && parts[1].split("=").length > 1) {
            charset = Charset.forName(parts[1].split("=")[1]);
        }
        return new String(body, charset);
    }

    /** StyleController keeps the media type exactly as sent, without trimming or lower-casing. */
    private static String rawMediaType(String contentType) {
        return contentType == null ? null : contentType.split(";")[0];
    }

    /** What SLDParser would refuse: a document that is not well-formed XML or not an SLD. */
    private static String sldProblem(String sld) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(sld.getBytes(StandardCharsets.UTF_8)));
            if (!"StyledLayerDescriptor".equals(d.getDocumentElement().getLocalName())) {
                return "Unable to parse style: root element is " + d.getDocumentElement().getLocalName();
            }
            return null;
        } catch (Exception e) {
            return "Unable to parse style: " + e.getMessage();
        }
    }

    /**
     * rest/catalog/LayerController.java. PUT copies only the properties the body resolves
     * (CatalogBuilder.updateLayer skips nulls): the JSON reader turns a reference to a style that
     * does not exist into null (XStreamPersister.ReferenceConverter with unwrapNulls), so the layer
     * keeps its old default style and the answer is still 200. Alternative styles that do not
     * resolve are dropped by CatalogImpl.validate(LayerInfo). A GET writes references by name with
     * the workspace prefix ("infill:infill_parcels"), plus workspace and href (postEncodeReference).
     */
    private Answer layer(String method, String ws, String name, String query, String body) {
        String key = ws + ":" + name;
        ObjectNode layer = layers.get(key);
        if (layer == null) {
            // layerPut has no existence check: the NullPointerException becomes a 500 without a message.
            return method.equals("PUT") ? serverError(500, "") : notFound(query, "No such layer: " + key);
        }
        if (method.equals("GET")) {
            ObjectNode out = json.createObjectNode();
            ObjectNode l = out.putObject("layer");
            l.put("name", name);
            l.put("type", "VECTOR");
            l.set("defaultStyle", reference(layer.get("defaultStyle")));
            List<JsonNode> alternatives = new ArrayList<>();
            layer.path("styles").forEach(s -> alternatives.add(reference(s)));
            if (!alternatives.isEmpty()) {
                ObjectNode set = l.putObject("styles");
                set.put("@class", "linked-hash-set");
                // Jettison writes a one-element collection as the element itself.
                if (alternatives.size() == 1) {
                    set.set("style", alternatives.get(0));
                } else {
                    set.putArray("style").addAll(alternatives);
                }
            }
            ObjectNode resource = l.putObject("resource");
            resource.put("@class", "featureType");
            resource.put("name", key);
            l.put("queryable", true);
            return json(out.toString());
        }
        if (!method.equals("PUT")) {
            return new Answer(405, null, "", Map.of());
        }
        JsonNode update = json.readTree(body).path("layer");
        JsonNode style = resolveStyle(update.path("defaultStyle"), ws);
        if (style != null) {
            layer.set("defaultStyle", style);
        }
        if (update.has("styles")) {
            JsonNode list = update.path("styles").path("style");
            ArrayNode kept = json.createArrayNode();
            for (JsonNode s : list.isArray() ? list : List.of(list)) {
                JsonNode resolved = resolveStyle(s, ws);
                if (resolved != null) {
                    kept.add(resolved);
                }
            }
            layer.set("styles", kept);
        }
        return ok();
    }

    /** {name, workspace} of a style that exists, from "ws:name" or name plus workspace; else null. */
    private JsonNode resolveStyle(JsonNode ref, String layerWorkspace) {
        if (ref == null || ref.isMissingNode() || ref.path("name").isMissingNode()) {
            return null;
        }
        String name = ref.get("name").asString();
        String ws = ref.path("workspace").isString() ? ref.get("workspace").asString()
                : ref.path("workspace").path("name").asString(null);
        if (name.contains(":")) {
            ws = name.substring(0, name.indexOf(':'));
            name = name.substring(name.indexOf(':') + 1);
        }
        ObjectNode out = json.createObjectNode();
        out.put("name", name);
        if (ws != null && styles.containsKey(ws + "/" + name)) {
            out.put("workspace", ws);
            return out;
        }
        if (ws == null && GLOBAL_STYLES.contains(name)) {
            return out;
        }
        return null;
    }

    private JsonNode reference(JsonNode stored) {
        ObjectNode ref = json.createObjectNode();
        String name = stored.get("name").asString();
        if (stored.has("workspace")) {
            String ws = stored.get("workspace").asString();
            ref.put("name", ws + ":" + name);
            ref.put("workspace", ws);
            ref.put("href", base() + "/rest/workspaces/" + ws + "/styles/" + name + ".json");
        } else {
            ref.put("name", name);
            ref.put("href", base() + "/rest/styles/" + name + ".json");
        }
        return ref;
    }

    /**
     * rest/catalog/LayerGroupController.java. POST: no layers is a RestException 400; the bounds are
     * calculated only when the body has none (CatalogBuilder.calculateLayerGroupBounds); a
     * duplicate name, or a layer that does not exist (the reader makes it null and
     * CatalogValidator then fails on it), is an IllegalArgumentException, 500. PUT copies what the
     * body has (CatalogBuilder.updateLayerGroup) and never recalculates the bounds.
     */
    private Answer layerGroup(String method, String ws, String name, String query, String body) {
        if (!workspaces.containsKey(ws)) {
            return notFound(query, "Workspace " + ws + " not found");
        }
        if (name == null) {
            if (!method.equals("POST")) {
                return json(collection("layerGroups", "layerGroup", layerGroups.keySet().stream()
                        .filter(k -> k.startsWith(ws + "/")).map(k -> k.substring(ws.length() + 1)).toList()));
            }
            ObjectNode group = (ObjectNode) jsonBody(body, "layerGroup");
            String n = group.get("name").asString();
            if (group.path("publishables").path("published").isEmpty()) {
                return restError(400, "layer group must not be empty");
            }
            String missing = missingPublished(group);
            if (missing != null) {
                return serverError(500, "Invalid style group: No layer or layer group named '" + missing
                        + "' found in the catalog");
            }
            if (layerGroups.containsKey(ws + "/" + n)) {
                return serverError(500, "Layer group named '" + n + "' already exists in workspace " + ws);
            }
            if (group.path("bounds").isMissingNode()) {
                group.set("bounds", unionOfLayerBounds(group));
            }
            layerGroups.put(ws + "/" + n, group);
            if (cacheLayersByDefault) {
                tileLayers.add(ws + ":" + n);
            }
            return created(n, "/rest/workspaces/" + ws + "/layergroups/" + n);
        }
        String key = ws + "/" + name;
        ObjectNode group = layerGroups.get(key);
        if (group == null) {
            return notFound(query, "No such layer group " + name + " in workspace " + ws);
        }
        switch (method) {
            case "GET":
                return json("{\"layerGroup\":" + group + "}");
            case "PUT":
                ObjectNode update = (ObjectNode) json.readTree(body).path("layerGroup");
                if (update.has("name") && !update.get("name").asString().equals(name)) {
                    return restError(403, "Can't change name of a layer group");
                }
                String missing = update.has("publishables") ? missingPublished(update) : null;
                if (missing != null) {
                    return serverError(500, "Invalid style group: No layer or layer group named '" + missing
                            + "' found in the catalog");
                }
                update.properties().forEach(e -> group.set(e.getKey(), e.getValue()));
                return ok();
            case "DELETE":
                layerGroups.remove(key);
                tileLayers.remove(ws + ":" + name);
                return ok();
            default:
                return new Answer(405, null, "", Map.of());
        }
    }

    private String missingPublished(JsonNode group) {
        for (JsonNode p : group.path("publishables").path("published")) {
            String name = p.get("name").asString();
            if (!layers.containsKey(name)) {
                return name;
            }
        }
        return null;
    }

    /** CatalogBuilder.calculateLayerGroupBounds: every layer's native box, in the first layer's CRS (all EPSG:28992 here). */
    private JsonNode unionOfLayerBounds(JsonNode group) {
        double minx = Double.MAX_VALUE, miny = Double.MAX_VALUE, maxx = -Double.MAX_VALUE, maxy = -Double.MAX_VALUE;
        for (JsonNode p : group.path("publishables").path("published")) {
            String name = p.get("name").asString();
            String ws = name.substring(0, name.indexOf(':'));
            String ft = name.substring(name.indexOf(':') + 1);
            for (Map.Entry<String, JsonNode> e : featureTypes.entrySet()) {
                if (e.getKey().startsWith(ws + "/") && e.getKey().endsWith("/" + ft)) {
                    JsonNode b = e.getValue().path("nativeBoundingBox");
                    minx = Math.min(minx, b.path("minx").asDouble());
                    miny = Math.min(miny, b.path("miny").asDouble());
                    maxx = Math.max(maxx, b.path("maxx").asDouble());
                    maxy = Math.max(maxy, b.path("maxy").asDouble());
                }
            }
        }
        ObjectNode bounds = json.createObjectNode();
        bounds.put("minx", minx);
        bounds.put("maxx", maxx);
        bounds.put("miny", miny);
        bounds.put("maxy", maxy);
        bounds.put("crs", "EPSG:28992");
        return bounds;
    }

    private String groupNaming(String layer) {
        for (Map.Entry<String, ObjectNode> g : layerGroups.entrySet()) {
            for (JsonNode p : g.getValue().path("publishables").path("published")) {
                if (layer.equals(p.path("name").asString())) {
                    return g.getKey().substring(g.getKey().indexOf('/') + 1);
                }
            }
        }
        return null;
    }

    private void removeLayer(String layer) {
        layers.remove(layer);
        tileLayers.remove(layer);
    }

    private static boolean refersTo(JsonNode layer, String ws, String style) {
        JsonNode d = layer.path("defaultStyle");
        return style.equals(d.path("name").asString()) && ws.equals(d.path("workspace").asString(null));
    }

    /** The generic style CatalogBuilder.buildLayer gives a new layer, by geometry type. */
    private static String genericStyle(String featureType) {
        return switch (featureType) {
            case "amenities" -> "point";
            case "streets" -> "line";
            default -> "polygon";
        };
    }

    // --- helpers ---

    private String base() {
        return url();
    }

    private static Matcher match(String regex, String path) {
        Matcher m = Pattern.compile(regex).matcher(path);
        return m.matches() ? m : null;
    }

    private JsonNode jsonBody(String body, String root) {
        JsonNode n = json.readTree(body).get(root);
        if (n == null || !n.isObject() || n.get("name") == null) {
            throw new IllegalArgumentException("expected {\"" + root + "\":{\"name\":...}}");
        }
        return n;
    }

    private static void requireEntries(JsonNode ds) {
        JsonNode entries = ds.path("connectionParameters").path("entry");
        if (!entries.isArray() || entries.isEmpty()) {
            throw new IllegalArgumentException("connectionParameters.entry missing");
        }
        for (JsonNode e : entries) {
            if (e.get("@key") == null || e.get("$") == null) {
                throw new IllegalArgumentException("entry needs @key and $");
            }
        }
    }

    private static void requireFeatureType(JsonNode ft) {
        if (ft.get("nativeName") == null || ft.get("srs") == null || ft.path("nativeBoundingBox").get("minx") == null) {
            throw new IllegalArgumentException("featureType needs nativeName, srs and nativeBoundingBox");
        }
    }

    private static String queryParam(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String kv : query.split("&")) {
            String[] parts = kv.split("=", 2);
            if (parts[0].equals(name)) {
                return parts.length > 1 ? parts[1] : "";
            }
        }
        return null;
    }

    private void removePrefix(String prefix) {
        datastores.keySet().removeIf(k -> k.startsWith(prefix));
        featureTypes.keySet().removeIf(k -> k.startsWith(prefix));
        styles.keySet().removeIf(k -> k.startsWith(prefix));
        layerGroups.keySet().removeIf(k -> k.startsWith(prefix));
    }

    /**
     * GeoServer's list JSON, e.g. {"featureTypes":{"featureType":[...]}}: the outer key holds ""
     * when the list is empty, and Jettison writes a one-element list as the element itself.
     */
    private static String collection(String outer, String inner, java.util.Collection<String> names) {
        List<String> items = new ArrayList<>();
        for (String n : new LinkedHashSet<>(names)) {
            items.add("{\"name\":\"" + n + "\"}");
        }
        String value = items.isEmpty() ? "\"\"" : "{\"" + inner + "\":"
                + (items.size() == 1 ? items.get(0) : "[" + String.join(",", items) + "]") + "}";
        return "{\"" + outer + "\":" + value + "}";
    }

    private static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
