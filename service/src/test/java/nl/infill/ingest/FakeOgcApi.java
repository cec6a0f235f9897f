package nl.infill.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small OGC API - Features server on the loopback address for harvest tests: a collection
 * document (with or without EPSG:28992 in its {@code crs} list, Part 2) and items pages served
 * from a list of features with {@code limit} (capped at the server's maximum, as Part 1 says),
 * {@code offset} in the {@code next} links and a {@code Content-Crs} header. Any path can be given
 * a handler of its own to play a broken server. Every request is recorded. Public for the web
 * map's harvest form test (nl.infill.webmap.LoadDialogIT).
 */
public final class FakeOgcApi implements AutoCloseable {

    public static final String RD = "http://www.opengis.net/def/crs/EPSG/0/28992";
    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    /** Answers one request. */
    public interface Handler {
        void handle(HttpExchange ex, Map<String, String> query) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(6);
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    public FakeOgcApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            String raw = ex.getRequestURI().getRawQuery();
            requests.add(path + (raw == null ? "" : "?" + raw));
            Handler h = routes.get(path);
            try {
                if (h == null) {
                    respond(ex, 404, "application/json", "{\"code\":\"NotFound\"}");
                } else {
                    h.handle(ex, query(raw));
                }
            } catch (IOException e) {
                // the client went away (a test of a cut-off or timed-out answer)
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    /** The API's landing page URL. */
    public String url() {
        return base() + "/api";
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeOgcApi route(String path, Handler handler) {
        routes.put(path, handler);
        return this;
    }

    /** A collection document and its items at the standard paths. */
    public FakeOgcApi collection(String id, boolean offersRd, Handler items) {
        String crs = offersRd ? "[\"" + CRS84 + "\",\"" + RD + "\"]" : "[\"" + CRS84 + "\"]";
        String doc = "{\"id\":\"" + id + "\",\"title\":\"" + id + "\",\"itemType\":\"feature\",\"crs\":" + crs
                + ",\"links\":[{\"rel\":\"items\",\"type\":\"application/geo+json\",\"href\":\"" + url()
                + "/collections/" + id + "/items?f=json\"}]}";
        route("/api/collections/" + id, (ex, q) -> respond(ex, 200, "application/json", doc));
        route("/api/collections/" + id + "/items", items);
        return this;
    }

    /**
     * Items pages of {@code features} (GeoJSON Feature texts): at most {@code serverMax} per page
     * whatever the {@code limit}, next links with {@code offset}, numberMatched when asked.
     */
    public Handler pages(List<String> features, int serverMax, boolean numberMatched) {
        return (ex, q) -> {
            int limit = Math.min(serverMax, Integer.parseInt(q.getOrDefault("limit", "10")));
            int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
            respond(ex, 200, "application/geo+json", page(ex, q, features, offset, limit, numberMatched), crsOf(q));
        };
    }

    /** One page body of {@code features} from {@code offset}, with a next link while more follow. */
    String page(HttpExchange ex, Map<String, String> q, List<String> features, int offset, int limit,
                boolean numberMatched) {
        int end = Math.min(features.size(), offset + limit);
        StringBuilder b = new StringBuilder("{\"type\":\"FeatureCollection\",");
        if (numberMatched) {
            b.append("\"numberMatched\":").append(features.size()).append(',');
        }
        b.append("\"numberReturned\":").append(end - offset).append(",\"links\":[");
        if (end < features.size()) {
            Map<String, String> next = new LinkedHashMap<>(q);
            next.put("offset", String.valueOf(end));
            b.append("{\"rel\":\"next\",\"type\":\"text/html\",\"href\":\"").append(link(ex, next, "html")).append("\"},");
            b.append("{\"rel\":\"next\",\"type\":\"application/geo+json\",\"href\":\"").append(link(ex, next, null)).append("\"},");
        }
        b.append("{\"rel\":\"self\",\"type\":\"application/geo+json\",\"href\":\"").append(link(ex, q, null)).append("\"}]");
        b.append(",\"features\":[").append(String.join(",", features.subList(Math.min(offset, end), end))).append("]}");
        return b.toString();
    }

    String link(HttpExchange ex, Map<String, String> q, String f) {
        Map<String, String> m = new LinkedHashMap<>(q);
        if (f != null) {
            m.put("f", f);
        }
        return base() + ex.getRequestURI().getPath() + "?" + m.entrySet().stream()
                .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static String crsOf(Map<String, String> q) {
        return q.getOrDefault("crs", CRS84);
    }

    static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        respond(ex, status, type, body, null);
    }

    static void respond(HttpExchange ex, int status, String type, String body, String contentCrs) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (type != null) {
            ex.getResponseHeaders().set("Content-Type", type);
        }
        if (contentCrs != null) {
            ex.getResponseHeaders().set("Content-Crs", "<" + contentCrs + ">");
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }

    /** A square feature of side {@code s} at x, y (in whatever CRS the test serves). */
    public static String square(double x, double y, double s, String props) {
        return IngestFixtures.square(x, y, s, props);
    }

    /** The items requests received (path and query). */
    public List<String> itemRequests() {
        synchronized (requests) {
            return requests.stream().filter(r -> r.contains("/items")).toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
