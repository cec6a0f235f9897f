package nl.infill.publishing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stateful in-memory GeoServer that answers the REST calls Infill makes the way GeoServer
 * 2.28 does (checked against GeoServer's REST documentation and controllers): everything under
 * /geoserver/rest and /geoserver/gwc/rest, HTTP Basic auth (401 without or with wrong
 * credentials), 415 for a content type the endpoint does not take, 201 with Location on create,
 * 404 for a missing object, and the non-idempotent creates: an existing workspace answers 409,
 * an existing datastore or feature type 500, an existing style 403. Deleting a non-empty
 * workspace or store without recurse=true answers 403. Tests can inject failures and read the
 * request log.
 */
final class FakeGeoServer implements AutoCloseable {

    record Request(String method, String path, String query, String contentType, int status) {
    }

    private static final Set<String> JSON_XML = Set.of("application/json", "application/xml", "text/xml");
    private static final Set<String> STYLE_TYPES = Set.of("application/vnd.ogc.sld+xml", "application/xml",
            "text/xml", "application/json");
    private static final Set<String> GWC_TYPES = Set.of("text/xml", "application/xml");

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile String user = "admin";
    private volatile String password = "geoserver-secret";

    final Map<String, JsonNode> workspaces = new ConcurrentHashMap<>();
    final Map<String, JsonNode> datastores = new ConcurrentHashMap<>();      // ws/ds
    final Map<String, JsonNode> featureTypes = new ConcurrentHashMap<>();    // ws/ds/ft
    final Map<String, String> styles = new ConcurrentHashMap<>();            // ws/style -> SLD
    final Map<String, JsonNode> layers = new ConcurrentHashMap<>();          // ws:name -> layer json
    final Map<String, JsonNode> layerGroups = new ConcurrentHashMap<>();     // ws/lg
    final List<String> truncated = new CopyOnWriteArrayList<>();
    final List<Request> log = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, Integer> failureStatus = new ConcurrentHashMap<>();

    FakeGeoServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::handle);
        server.start();
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

    /** The next {@code times} requests whose path contains {@code pathPart} answer {@code status}. */
    void failNext(String pathPart, int times, int status) {
        failures.put(pathPart, new AtomicInteger(times));
        failureStatus.put(pathPart, status);
    }

    void clearLog() {
        log.clear();
    }

    void reset() {
        workspaces.clear();
        datastores.clear();
        featureTypes.clear();
        styles.clear();
        layers.clear();
        layerGroups.clear();
        truncated.clear();
        failures.clear();
        log.clear();
        password = "geoserver-secret";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // --- dispatch ---

    private record Answer(int status, String body, String location) {
        static Answer of(int status, String body) {
            return new Answer(status, body, null);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        String query = ex.getRequestURI().getRawQuery();
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        String mediaType = type == null ? null : type.split(";")[0].trim().toLowerCase();
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        Answer a;
        try {
            a = answer(ex, method, path, query, mediaType, new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            a = Answer.of(500, "fake: " + e.getMessage());
        }
        log.add(new Request(method, path, query, mediaType, a.status()));
        if (a.location() != null) {
            ex.getResponseHeaders().set("Location", a.location());
        }
        if (a.status() == 401) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"GeoServer Realm\"");
        }
        byte[] out = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", a.body() != null && a.body().startsWith("{")
                ? "application/json" : "text/plain");
        ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            ex.getResponseBody().write(out);
        }
        ex.close();
    }

    private Answer answer(HttpExchange ex, String method, String path, String query, String type, String body) {
        if (!path.startsWith("/geoserver/rest") && !path.startsWith("/geoserver/gwc/rest")) {
            return Answer.of(404, "No such page");
        }
        if (!authorised(ex.getRequestHeaders().getFirst("Authorization"))) {
            return Answer.of(401, "HTTP Status 401 - Unauthorized");
        }
        for (var f : failures.entrySet()) {
            if (path.contains(f.getKey()) && f.getValue().getAndDecrement() > 0) {
                return Answer.of(failureStatus.get(f.getKey()), "injected failure");
            }
        }
        String p = path.replaceFirst("\\.(json|xml)$", "");
        boolean write = method.equals("POST") || method.equals("PUT");
        if (path.startsWith("/geoserver/gwc/rest")) {
            if (write && (type == null || !GWC_TYPES.contains(type))) {
                return Answer.of(415, "Unsupported Media Type");
            }
            if (p.equals("/geoserver/gwc/rest/masstruncate") && method.equals("POST")) {
                Matcher m = Pattern.compile("<truncateLayer><layerName>([^<]+)</layerName></truncateLayer>").matcher(body);
                if (!m.find()) {
                    return Answer.of(400, "Bad request");
                }
                truncated.add(m.group(1));
                return Answer.of(200, null);
            }
            return Answer.of(404, "No such resource");
        }
        boolean styleEndpoint = p.contains("/styles");
        if (write && (type == null || !(styleEndpoint ? STYLE_TYPES : JSON_XML).contains(type))) {
            return Answer.of(415, "Unsupported Media Type");
        }
        if (p.equals("/geoserver/rest/about/version")) {
            return Answer.of(200, "{\"about\":{\"resource\":[{\"@name\":\"GeoServer\",\"Version\":\"2.28.1\"}]}}");
        }
        Matcher m;
        if ((m = match("/geoserver/rest/workspaces", p)) != null) {
            if (method.equals("GET")) {
                return Answer.of(200, "{\"workspaces\":{\"workspace\":" + names(workspaces.keySet()) + "}}");
            }
            if (method.equals("POST")) {
                String name = jsonBody(body, "workspace").get("name").asString();
                if (workspaces.containsKey(name)) {
                    return Answer.of(409, "Workspace '" + name + "' already exists");
                }
                workspaces.put(name, json.readTree(body));
                return created(name, "/geoserver/rest/workspaces/" + name);
            }
        }
        if ((m = match("/geoserver/rest/workspaces/([^/]+)", p)) != null) {
            String ws = m.group(1);
            if (!workspaces.containsKey(ws)) {
                return notFound("No such workspace: '" + ws + "'");
            }
            if (method.equals("GET")) {
                return Answer.of(200, "{\"workspace\":{\"name\":\"" + ws + "\"}}");
            }
            if (method.equals("PUT")) {
                return Answer.of(200, null);
            }
            if (method.equals("DELETE")) {
                boolean empty = datastores.keySet().stream().noneMatch(k -> k.startsWith(ws + "/"))
                        && styles.keySet().stream().noneMatch(k -> k.startsWith(ws + "/"));
                if (!empty && !recurse(query)) {
                    return Answer.of(403, "Workspace '" + ws + "' not empty");
                }
                workspaces.remove(ws);
                removePrefix(ws + "/");
                return Answer.of(200, null);
            }
        }
        if ((m = match("/geoserver/rest/workspaces/([^/]+)/datastores", p)) != null) {
            String ws = m.group(1);
            if (!workspaces.containsKey(ws)) {
                return notFound("No such workspace: '" + ws + "'");
            }
            if (method.equals("POST")) {
                JsonNode ds = jsonBody(body, "dataStore");
                String name = ds.get("name").asString();
                requireEntries(ds);
                if (datastores.containsKey(ws + "/" + name)) {
                    return Answer.of(500, "Store '" + name + "' already exists in workspace '" + ws + "'");
                }
                datastores.put(ws + "/" + name, ds);
                return created(name, "/geoserver/rest/workspaces/" + ws + "/datastores/" + name);
            }
            if (method.equals("GET")) {
                return Answer.of(200, "{\"dataStores\":{\"dataStore\":[]}}");
            }
        }
        if ((m = match("/geoserver/rest/workspaces/([^/]+)/datastores/([^/]+)", p)) != null) {
            String key = m.group(1) + "/" + m.group(2);
            if (!datastores.containsKey(key)) {
                return notFound("No such datastore: " + m.group(1) + "," + m.group(2));
            }
            switch (method) {
                case "GET":
                    return Answer.of(200, "{\"dataStore\":" + datastores.get(key) + "}");
                case "PUT":
                    JsonNode ds = jsonBody(body, "dataStore");
                    requireEntries(ds);
                    datastores.put(key, ds);
                    return Answer.of(200, null);
                case "DELETE":
                    boolean empty = featureTypes.keySet().stream().noneMatch(k -> k.startsWith(key + "/"));
                    if (!empty && !recurse(query)) {
                        return Answer.of(403, "Store '" + m.group(2) + "' not empty");
                    }
                    datastores.remove(key);
                    removePrefix(key + "/");
                    return Answer.of(200, null);
                default:
                    return Answer.of(405, "Method not allowed");
            }
        }
        if ((m = match("/geoserver/rest/workspaces/([^/]+)/datastores/([^/]+)/featuretypes", p)) != null) {
            String ws = m.group(1);
            String key = ws + "/" + m.group(2);
            if (!datastores.containsKey(key)) {
                return notFound("No such datastore: " + ws + "," + m.group(2));
            }
            if (method.equals("POST")) {
                JsonNode ft = jsonBody(body, "featureType");
                String name = ft.get("name").asString();
                requireFeatureType(ft);
                if (featureTypes.containsKey(key + "/" + name)) {
                    return Answer.of(500, "Resource named '" + name + "' already exists in store: '" + m.group(2) + "'");
                }
                featureTypes.put(key + "/" + name, ft);
                // GeoServer creates the layer with the feature type, with a generic default style.
                layers.put(ws + ":" + name, json.readTree("{\"name\":\"" + name + "\",\"defaultStyle\":{\"name\":\"polygon\"}}"));
                return created(name, "/geoserver/rest/workspaces/" + key.replace("/", "/datastores/") + "/featuretypes/" + name);
            }
            if (method.equals("GET")) {
                List<String> names = featureTypes.keySet().stream().filter(k -> k.startsWith(key + "/"))
                        .map(k -> k.substring(key.length() + 1)).sorted().toList();
                // GeoServer's JSON: "" for none, an object for one, a list for more.
                String list = names.isEmpty() ? "\"\"" : names.size() == 1
                        ? "{\"featureType\":{\"name\":\"" + names.get(0) + "\"}}"
                        : "{\"featureType\":" + names(new java.util.LinkedHashSet<>(names)) + "}";
                return Answer.of(200, "{\"featureTypes\":" + list + "}");
            }
        }
        if ((m = match("/geoserver/rest/workspaces/([^/]+)/datastores/([^/]+)/featuretypes/([^/]+)", p)) != null) {
            String key = m.group(1) + "/" + m.group(2) + "/" + m.group(3);
            if (!featureTypes.containsKey(key)) {
                return notFound("No such feature type: " + m.group(1) + "," + m.group(2) + "," + m.group(3));
            }
            switch (method) {
                case "GET":
                    return Answer.of(200, "{\"featureType\":" + featureTypes.get(key) + "}");
                case "PUT":
                    JsonNode ft = jsonBody(body, "featureType");
                    requireFeatureType(ft);
                    featureTypes.put(key, ft);
                    return Answer.of(200, null);
                case "DELETE":
                    if (layers.containsKey(m.group(1) + ":" + m.group(3)) && !recurse(query)) {
                        return Answer.of(403, "Feature type " + m.group(3) + " is published as a layer; use recurse=true");
                    }
                    featureTypes.remove(key);
                    layers.remove(m.group(1) + ":" + m.group(3));
                    return Answer.of(200, null);
                default:
                    return Answer.of(405, "Method not allowed");
            }
        }
        if ((m = match("/geoserver/rest/workspaces/([^/]+)/styles", p)) != null) {
            String ws = m.group(1);
            if (!workspaces.containsKey(ws)) {
                return notFound("No such workspace: '" + ws + "'");
            }
            if (method.equals("POST")) {
                String name = queryParam(query, "name");
                if (name == null) {
                    return Answer.of(400, "Style name is required (?name=)");
                }
                requireSld(body);
                if (styles.containsKey(ws + "/" + name)) {
                    return Answer.of(403, "Style " + name + " already exists.");
                }
                styles.put(ws + "/" + name, body);
                return created(name, "/geoserver/rest/workspaces/" + ws + "/styles/" + name);
            }
        }
        if ((m = match("/geoserver/rest/workspaces/([^/]+)/styles/([^/]+)", p)) != null) {
            String key = m.group(1) + "/" + m.group(2);
            if (!styles.containsKey(key)) {
                return notFound("No such style: " + m.group(2));
            }
            switch (method) {
                case "GET":
                    return Answer.of(200, "{\"style\":{\"name\":\"" + m.group(2) + "\",\"format\":\"sld\"}}");
                case "PUT":
                    requireSld(body);
                    styles.put(key, body);
                    return Answer.of(200, null);
                case "DELETE":
                    styles.remove(key);
                    return Answer.of(200, null);
                default:
                    return Answer.of(405, "Method not allowed");
            }
        }
        if ((m = match("/geoserver/rest/layers/([^/:]+):([^/]+)", p)) != null) {
            String ws = m.group(1);
            String key = ws + ":" + m.group(2);
            if (!layers.containsKey(key)) {
                return notFound("No such layer: " + key);
            }
            if (method.equals("GET")) {
                return Answer.of(200, "{\"layer\":" + layers.get(key) + "}");
            }
            if (method.equals("PUT")) {
                JsonNode layer = jsonBody(body, "layer");
                JsonNode style = layer.path("defaultStyle");
                if (!style.isMissingNode()) {
                    String styleWs = style.path("workspace").asString(ws);
                    if (!styles.containsKey(styleWs + "/" + style.get("name").asString())) {
                        return Answer.of(400, "No such style: " + style.get("name").asString());
                    }
                }
                layers.put(key, layer);
                return Answer.of(200, null);
            }
        }
        if ((m = match("/geoserver/rest/workspaces/([^/]+)/layergroups", p)) != null) {
            String ws = m.group(1);
            if (!workspaces.containsKey(ws)) {
                return notFound("No such workspace: '" + ws + "'");
            }
            if (method.equals("POST")) {
                JsonNode lg = jsonBody(body, "layerGroup");
                String name = lg.get("name").asString();
                String missing = missingPublished(lg);
                if (missing != null) {
                    return Answer.of(400, "No such layer: " + missing);
                }
                if (layerGroups.containsKey(ws + "/" + name)) {
                    return Answer.of(403, "Layer group '" + name + "' already exists");
                }
                layerGroups.put(ws + "/" + name, lg);
                return created(name, "/geoserver/rest/workspaces/" + ws + "/layergroups/" + name);
            }
        }
        if ((m = match("/geoserver/rest/workspaces/([^/]+)/layergroups/([^/]+)", p)) != null) {
            String key = m.group(1) + "/" + m.group(2);
            if (!layerGroups.containsKey(key)) {
                return notFound("No such layer group: " + m.group(2));
            }
            switch (method) {
                case "GET":
                    return Answer.of(200, "{\"layerGroup\":" + layerGroups.get(key) + "}");
                case "PUT":
                    JsonNode lg = jsonBody(body, "layerGroup");
                    String missing = missingPublished(lg);
                    if (missing != null) {
                        return Answer.of(400, "No such layer: " + missing);
                    }
                    layerGroups.put(key, lg);
                    return Answer.of(200, null);
                case "DELETE":
                    layerGroups.remove(key);
                    return Answer.of(200, null);
                default:
                    return Answer.of(405, "Method not allowed");
            }
        }
        return notFound("No such resource: " + path);
    }

    // --- helpers ---

    private boolean authorised(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        return decoded.equals(user + ":" + password);
    }

    private static Matcher match(String regex, String path) {
        Matcher m = Pattern.compile(regex).matcher(path);
        return m.matches() ? m : null;
    }

    private JsonNode jsonBody(String body, String root) {
        JsonNode n = json.readTree(body).get(root);
        if (n == null || !n.isObject() || n.get("name") == null && !root.equals("layer")) {
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

    private static void requireSld(String body) {
        if (!body.contains("<StyledLayerDescriptor") || !body.contains("version=\"1.0.0\"")) {
            throw new IllegalArgumentException("not an SLD 1.0.0 document");
        }
    }

    private String missingPublished(JsonNode lg) {
        if (lg.path("publishables").path("published").isEmpty()) {
            return "(none: a layer group needs at least one layer)";
        }
        for (JsonNode p : lg.path("publishables").path("published")) {
            String name = p.get("name").asString();
            if (!layers.containsKey(name)) {
                return name;
            }
        }
        return null;
    }

    private static boolean recurse(String query) {
        return "true".equals(queryParam(query, "recurse"));
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

    private Answer created(String name, String location) {
        return new Answer(201, name, "http://127.0.0.1:" + server.getAddress().getPort() + location);
    }

    private static Answer notFound(String message) {
        return Answer.of(404, message);
    }

    private static String names(Set<String> names) {
        List<String> items = new ArrayList<>();
        for (String n : names) {
            items.add("{\"name\":\"" + n + "\"}");
        }
        return "[" + String.join(",", items) + "]";
    }

    /** Requests per method, for asserting that a re-sync only reads and updates. */
    Map<String, Long> methodCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Request r : log) {
            counts.merge(r.method(), 1L, Long::sum);
        }
        return counts;
    }
}
