package nl.infill.ingest.bench;

import static nl.infill.ingest.bench.IngestBenchmark.median;
import static nl.infill.ingest.bench.IngestBenchmark.number;
import static nl.infill.ingest.bench.IngestBenchmark.peakHeapMb;
import static nl.infill.ingest.bench.IngestBenchmark.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Harvest benchmark (not a test; run by bench/harvest.sh, see docs/benchmarks.md "Harvesting"):
 * the same N generated buildings loaded from a GeoJSON file and harvested from a local OGC API -
 * Features server, and the ratio of their speeds (target: the harvest at least half as fast), with
 * the peak heap at the given -Xmx.
 *
 * <p>The server is a JDK HttpServer in this process answering from pages rendered once (1,000
 * features each, next links, Content-Crs, EPSG:28992 offered), so that what is measured is the
 * harvester and the load, not a server. Three ways, three rounds each, alternating:
 * <ol>
 *   <li>CLI: {@code --infill.cli=load} of the file and {@code --infill.cli=harvest}, each in a fresh
 *   JVM with -Xmx and a GC log (load time from the report's duration, JVM start not counted);</li>
 *   <li>a running service (-Xmx, GC log): an upload of the file and a harvest through the API,
 *   each once to warm up and then three times measured (report durations);</li>
 *   <li>the running service harvesting its own {@code /ogc} (the file's buildings, loaded just
 *   before): a real OGC API server sharing the machine with the harvest.</li>
 * </ol>
 *
 * <p>Arguments: service jar, work dir, -Xmx, number of features (default 100000). Database from
 * INFILL_DB_URL / _USER / _PASSWORD.
 */
public final class HarvestBenchmark {

    private static final int PAGE = 1000;
    private static final String RD = "http://www.opengis.net/def/crs/EPSG/0/28992";

    private HarvestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path work = Path.of(args[1]);
        String xmx = args.length > 2 ? args[2] : "256m";
        int n = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
        Files.createDirectories(work);
        Path file = work.resolve("buildings-" + n + ".geojson");
        List<String> features = features(n);
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
                    + "\"urn:ogc:def:crs:EPSG::28992\"}},\"features\":[\n");
            for (int i = 0; i < n; i++) {
                w.write(i == 0 ? features.get(i) : ",\n" + features.get(i));
            }
            w.write("\n]}\n");
        }
        System.out.printf("%,d buildings: %s (%,d bytes)%n", n, file, Files.size(file));

        HttpServer server = server(features);
        String api = "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
        List<String> loopback = List.of("--infill.harvest.allowed-hosts=127.0.0.1", "--infill.harvest.allow-private=127.0.0.1/32");
        try {
            List<String[]> rows = new ArrayList<>();
            rows.add(cli(jar, work, xmx, file, api, loopback, n));
            rows.addAll(service(jar, work, xmx, file, api, loopback, n));
            System.out.println();
            System.out.println("| how | features | file load s | file f/s | harvest s | harvest f/s | harvest/file | peak heap (-Xmx" + xmx + ") |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
            rows.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
        } finally {
            server.stop(0);
        }
    }

    /** Three rounds of file load and harvest in fresh JVMs, alternating; medians. */
    private static String[] cli(Path jar, Path work, String xmx, Path file, String api, List<String> loopback, int n)
            throws Exception {
        List<Double> loads = new ArrayList<>();
        List<Double> harvests = new ArrayList<>();
        long peak = 0;
        for (int round = 1; round <= 3; round++) {
            Path gcLoad = work.resolve("gc-load-" + round + ".log");
            String out = run(List.of("java", "-Xmx" + xmx, "-Xlog:gc:file=" + gcLoad, "-jar", jar.toString(),
                    "--spring.main.web-application-type=none", "--infill.cli=load", "buildings", file.toString(),
                    "--preset", "infill"), work.resolve("cli-load.out"));
            check(out, n);
            loads.add(number(out, "duration\\s+(\\d+) ms") / 1000.0);
            Path gcHarvest = work.resolve("gc-harvest-" + round + ".log");
            List<String> cmd = new ArrayList<>(List.of("java", "-Xmx" + xmx, "-Xlog:gc:file=" + gcHarvest, "-jar",
                    jar.toString(), "--spring.main.web-application-type=none", "--infill.cli=harvest", "buildings", api,
                    "--collection", "buildings", "--preset", "infill"));
            cmd.addAll(loopback);
            out = run(cmd, work.resolve("cli-harvest.out"));
            check(out, n);
            harvests.add(number(out, "duration\\s+(\\d+) ms") / 1000.0);
            peak = Math.max(peak, Math.max(peakHeapMb(gcLoad), peakHeapMb(gcHarvest)));
            System.out.printf("CLI round %d: load %.2f s, harvest %.2f s%n", round, loads.get(round - 1),
                    harvests.get(round - 1));
        }
        return row("CLI, fresh JVM (median of 3)", n, median(loads), median(harvests), peak + " MB");
    }

    /** Uploads and API harvests against a running service, then the service harvesting its own /ogc. */
    private static List<String[]> service(Path jar, Path work, String xmx, Path file, String api, List<String> loopback,
                                          int n) throws Exception {
        Path gc = work.resolve("gc-service.log");
        List<String> args = new ArrayList<>(loopback);
        List<String[]> rows = new ArrayList<>();
        try (IngestBenchmark.Service s = IngestBenchmark.Service.start(jar, work, xmx, List.of("-Xlog:gc:file=" + gc), args)) {
            String base = "http://127.0.0.1:" + s.port();
            String auth = "Basic " + Base64.getEncoder().encodeToString(("bench:" + s.password()).getBytes(StandardCharsets.UTF_8));
            List<Double> loads = new ArrayList<>();
            List<Double> harvests = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                String out = run(List.of("curl", "-sS", "-f", "-u", "bench:" + s.password(), "-F", "file=@" + file,
                        "-F", "preset=infill", base + "/api/layers/buildings/loads"), work.resolve("upload.out"));
                double load = number(out, "\"durationMs\"\\s*:\\s*(\\d+)") / 1000.0;
                String h = harvest(base, auth, "{\"url\":\"" + api + "\",\"collection\":\"buildings\",\"preset\":\"infill\"}");
                double harvest = number(h, "\"durationMs\"\\s*:\\s*(\\d+)") / 1000.0;
                System.out.printf("service round %d%s: upload load %.2f s, harvest %.2f s%n", round, round == 0 ? " (warm-up)" : "",
                        load, harvest);
                if (round > 0) {
                    loads.add(load);
                    harvests.add(harvest);
                }
            }
            rows.add(row("running service, static pages (median of 3 after a warm-up)", n, median(loads), median(harvests),
                    peakHeapMb(gc) + " MB (service)"));
            // the last round left the buildings in the layer: the service now harvests them from itself
            List<Double> own = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                String h = harvest(base, auth, "{\"url\":\"http://127.0.0.1:" + s.port() + "/ogc\",\"collection\":\"buildings\","
                        + "\"preset\":\"infill\",\"limitPerPage\":" + PAGE + "}");
                own.add(number(h, "\"durationMs\"\\s*:\\s*(\\d+)") / 1000.0);
                System.out.printf("service harvesting its own /ogc, round %d: %.2f s%n", round + 1, own.get(round));
            }
            rows.add(row("running service, its own /ogc as the server (median of 3)", n, median(loads), median(own),
                    peakHeapMb(gc) + " MB (service)"));
        }
        return rows;
    }

    /** POST a harvest with Prefer: wait and return the finished report (loopback API). */
    private static String harvest(String base, String auth, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                        + "/api/layers/buildings/harvests")).header("Content-Type", "application/json")
                .header("Authorization", auth).header("Prefer", "wait=600")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().contains("\"status\":\"succeeded\"")) {
            throw new IllegalStateException("harvest did not succeed: HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static void check(String out, int n) {
        if (number(out, "loaded\\s+(\\d+)") != n) {
            throw new IllegalStateException("not all features loaded:\n" + out);
        }
    }

    private static String[] row(String how, int n, double load, double harvest, String heap) {
        return new String[] {how, String.format("%,d", n), String.format("%.2f", load), String.format("%,.0f", n / load),
                String.format("%.2f", harvest), String.format("%,.0f", n / harvest), String.format("%.2f", load / harvest), heap};
    }

    /** The generated buildings (12 x 9 m, 20 m apart, the infill columns) as GeoJSON Feature texts. */
    static List<String> features(int n) {
        String[] uses = {"wonen", "wonen", "wonen", "kantoor", "winkel", "industrie"};
        int side = (int) Math.ceil(Math.sqrt(n));
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double x = 80000 + (i % side) * 20.0;
            double y = 440000 + (i / side) * 20.0;
            int storeys = 1 + i % 5;
            out.add(String.format(java.util.Locale.ROOT, "{\"type\":\"Feature\",\"properties\":{\"source_id\":\"0637100000%06d\","
                    + "\"construction_year\":%d,\"use\":\"%s\",\"storeys\":%d,\"floor_area_m2\":%.1f},\"geometry\":"
                    + "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[%.1f,%.1f],[%.1f,%.1f],[%.1f,%.1f],[%.1f,%.1f],[%.1f,%.1f]]]]}}",
                    i, 1950 + i % 70, uses[i % uses.length], storeys, 108.0 * storeys, x, y, x + 12, y, x + 12, y + 9, x, y + 9,
                    x, y));
        }
        return out;
    }

    /** The OGC API: a collection document offering RD, and pages rendered once per (offset, limit). */
    private static HttpServer server(List<String> features) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        String items = "http://127.0.0.1:" + server.getAddress().getPort() + "/api/collections/buildings/items";
        byte[] doc = ("{\"id\":\"buildings\",\"itemType\":\"feature\",\"crs\":[\"http://www.opengis.net/def/crs/OGC/1.3/CRS84\",\""
                + RD + "\"],\"links\":[{\"rel\":\"items\",\"type\":\"application/geo+json\",\"href\":\"" + items + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> pages = new ConcurrentHashMap<>();
        server.createContext("/api/collections/buildings", ex -> {
            try (ex) {
                if (ex.getRequestURI().getPath().endsWith("/items")) {
                    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
                    int limit = Math.min(PAGE, Integer.parseInt(q.getOrDefault("limit", "10")));
                    int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
                    byte[] page = pages.computeIfAbsent(offset + "/" + limit, k -> page(features, items, offset, limit));
                    send(ex, "application/geo+json", page);
                } else {
                    send(ex, "application/json", doc);
                }
            }
        });
        server.start();
        return server;
    }

    private static byte[] page(List<String> features, String items, int offset, int limit) {
        int end = Math.min(features.size(), offset + limit);
        StringBuilder b = new StringBuilder(64 + (end - offset) * 320);
        b.append("{\"type\":\"FeatureCollection\",\"numberMatched\":").append(features.size())
                .append(",\"numberReturned\":").append(end - offset).append(",\"links\":[");
        if (end < features.size()) {
            b.append("{\"rel\":\"next\",\"type\":\"application/geo+json\",\"href\":\"").append(items).append("?limit=")
                    .append(limit).append("&crs=").append(java.net.URLEncoder.encode(RD, StandardCharsets.UTF_8))
                    .append("&offset=").append(end).append("\"}");
        }
        b.append("],\"features\":[").append(String.join(",", features.subList(offset, end))).append("]}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Content-Crs", "<" + RD + ">");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new java.util.HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                m.put(kv[0], kv.length == 2 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return m;
    }
}
