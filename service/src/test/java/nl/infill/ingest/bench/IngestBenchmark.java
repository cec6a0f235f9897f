package nl.infill.ingest.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.sf.GeometryType;

/**
 * Load benchmark (not a test; run by bench/ingest.sh, see docs/benchmarks.md). For each
 * file it runs our loader exactly as users do ({@code java -jar ... --infill.cli=load}, in its own
 * JVM with a small -Xmx and a GC log for the peak heap), then {@code ogr2ogr -f PostgreSQL} into
 * the same database, and prints features/s of both and their ratio. Then the same files go to a
 * running service as multipart uploads ({@code POST /api/layers/buildings/loads}, -Xmx of our
 * load): the first upload of each warms the JVM, the next three are measured (medians of the
 * load's own duration, and of the wall time of curl with the upload), as a service's users meet it.
 *
 * <p>Arguments: service jar, OSM GeoPackage (may be missing), 1M GeoPackage path (generated
 * when absent), work dir, -Xmx of our load. Database from INFILL_DB_URL / _USER / _PASSWORD.
 */
public final class IngestBenchmark {

    private static final Pattern GC_BEFORE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private IngestBenchmark() {
    }

    record Run(String what, long features, double seconds, String note) {
        double perSecond() {
            return features / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path osm = Path.of(args[1]);
        Path big = Path.of(args[2]);
        Path work = Path.of(args[3]);
        String xmx = args.length > 4 ? args[4] : "256m";
        Files.createDirectories(work);
        if (!Files.exists(big)) {
            long t = System.nanoTime();
            generate(big, 1_000_000);
            System.out.printf("generated %s (1,000,000 buildings) in %.1f s%n", big, (System.nanoTime() - t) / 1e9);
        }
        List<String[]> rows = new ArrayList<>();
        if (Files.exists(osm)) {
            rows.add(compare("OSM Zoetermeer buildings", osm, "building", "osm-buildings", jar, work, xmx));
        } else {
            System.out.println("OSM file " + osm + " absent: skipped");
        }
        rows.add(compare("generated 1M buildings", big, "buildings", "infill", jar, work, xmx));
        List<String[]> warm = new ArrayList<>();
        try (Service service = Service.start(jar, work, xmx)) {
            if (Files.exists(osm)) {
                warm.add(upload(service, "OSM Zoetermeer buildings", osm, "building", "osm-buildings", rows.get(0)));
            }
            warm.add(upload(service, "generated 1M buildings", big, "buildings", "infill", rows.get(rows.size() - 1)));
        }
        System.out.println();
        System.out.println("CLI (a fresh JVM per load, JVM start not counted):");
        System.out.println();
        System.out.println("| file | features | infill load s | infill f/s | ogr2ogr s | ogr2ogr f/s | ratio | peak heap (-Xmx" + xmx + ") |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
        System.out.println();
        System.out.println("Running service (-Xmx" + xmx + "), medians of uploads 2-4 of each file:");
        System.out.println();
        System.out.println("| file | features | load s | load f/s | with upload s | ogr2ogr f/s | ratio (load) | ratio (with upload) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        warm.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
    }

    /** Uploads {@code file} four times to the running service; medians of the last three next to ogr2ogr's. */
    private static String[] upload(Service service, String label, Path file, String table, String preset,
                                   String[] cliRow) throws Exception {
        System.out.println("== service upload, " + label);
        double ogrPerSecond = Double.parseDouble(cliRow[5].replace(",", ""));
        String out = null;
        List<Double> walls = new ArrayList<>();
        List<Double> loads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long t = System.nanoTime();
            out = run(List.of("curl", "-sS", "-f", "-u", "bench:" + service.password,
                    "-F", "file=@" + file, "-F", "preset=" + preset, "-F", "table=" + table,
                    "http://127.0.0.1:" + service.port + "/api/layers/buildings/loads"), work(service, "upload.out"));
            if (i > 0) {
                walls.add((System.nanoTime() - t) / 1e9);
                loads.add(number(out, "\"durationMs\"\\s*:\\s*(\\d+)") / 1000.0);
            }
        }
        long loaded = number(out, "\"loaded\"\\s*:\\s*(\\d+)");
        double seconds = median(loads);
        double wall = median(walls);
        System.out.printf("service load times %s s, with the upload %s s%n", loads, walls);
        System.out.printf("service: %d features, load %.2f s (%.0f f/s), %.2f s with the upload%n", loaded, seconds,
                loaded / seconds, wall);
        return new String[] {label, String.format("%,d", loaded), String.format("%.2f", seconds),
                String.format("%,.0f", loaded / seconds), String.format("%.2f", wall), String.format("%,.0f", ogrPerSecond),
                String.format("%.2f", loaded / seconds / ogrPerSecond), String.format("%.2f", loaded / wall / ogrPerSecond)};
    }

    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    private static Path work(Service service, String name) {
        return service.work.resolve(name);
    }

    /** The service jar on a free port with one bench user (role editor), no start-up run. */
    record Service(Process process, int port, String password, Path work) implements AutoCloseable {

        static Service start(Path jar, Path work, String xmx) throws Exception {
            return start(jar, work, xmx, List.of(), List.of());
        }

        /** With extra JVM options (before -jar) and service arguments. */
        static Service start(Path jar, Path work, String xmx, List<String> jvm, List<String> args) throws Exception {
            String password = java.util.UUID.randomUUID().toString();
            String hash = new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder().encode(password);
            Path users = work.resolve("bench-users.yml");
            Files.writeString(users, "infill:\n  security:\n    users:\n      - name: bench\n        password-hash: \""
                    + hash + "\"\n        roles: [editor]\n");
            int port;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> cmd = new ArrayList<>(List.of("java", "-Xmx" + xmx));
            cmd.addAll(jvm);
            cmd.addAll(List.of("-jar", jar.toString(), "--server.port=" + port,
                    "--spring.config.additional-location=file:" + users, "--infill.analysis.run-on-startup=false"));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("service.out").toFile())
                    .start();
            Service service = new Service(p, port, password, work);
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the service stopped, see " + work.resolve("service.out"));
                }
                try {
                    var r = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/actuator/health")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return service;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
            service.close();
            throw new IllegalStateException("the service did not come up, see " + work.resolve("service.out"));
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static String[] compare(String label, Path file, String table, String preset, Path jar, Path work,
                                    String xmx) throws Exception {
        System.out.println("== " + label + ": " + file);
        Path gcLog = work.resolve("gc-" + preset + ".log");
        Files.deleteIfExists(gcLog);
        long t0 = System.nanoTime();
        List<String> cmd = List.of("java", "-Xmx" + xmx, "-Xlog:gc:file=" + gcLog, "-jar", jar.toString(),
                "--spring.main.web-application-type=none", "--infill.cli=load", "buildings", file.toString(),
                "--preset", preset, "--gpkg-table", table);
        String out = run(cmd, work.resolve("load-" + preset + ".out"));
        double wall = (System.nanoTime() - t0) / 1e9;
        long loaded = number(out, "loaded\\s+(\\d+)");
        long durationMs = number(out, "duration\\s+(\\d+) ms");
        double ours = durationMs / 1000.0;
        long peakMb = peakHeapMb(gcLog);
        System.out.printf("infill: %d features in %.1f s load (%.1f s with JVM start), %.0f f/s, peak heap %d MB%n",
                loaded, ours, wall, loaded / ours, peakMb);

        Map<String, String> db = db();
        String pg = "PG:host=" + db.get("host") + " port=" + db.get("port") + " dbname=" + db.get("db")
                + " user=" + db.get("user") + " password=" + db.get("password");
        long t1 = System.nanoTime();
        run(List.of("ogr2ogr", "-f", "PostgreSQL", "--config", "PG_USE_COPY", "YES", pg, file.toString(), table,
                "-nln", "bench_ogr_building", "-overwrite", "-lco", "GEOMETRY_NAME=geom", "-lco", "SPATIAL_INDEX=GIST", "-nlt", "GEOMETRY",
                "-a_srs", "EPSG:28992"), work.resolve("ogr-" + preset + ".out"));
        double ogr = (System.nanoTime() - t1) / 1e9;
        long ogrRows;
        try (Connection c = DriverManager.getConnection(System.getenv("INFILL_DB_URL"), db.get("user"), db.get("password"));
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM bench_ogr_building")) {
            rs.next();
            ogrRows = rs.getLong(1);
            c.createStatement().execute("DROP TABLE bench_ogr_building");
        }
        System.out.printf("ogr2ogr: %d features in %.1f s, %.0f f/s%n", ogrRows, ogr, ogrRows / ogr);
        double ratio = (loaded / ours) / (ogrRows / ogr);
        System.out.printf("ratio infill/ogr2ogr: %.2f%n", ratio);
        return new String[] {label, String.format("%,d", loaded), String.format("%.1f", ours),
                String.format("%,.0f", loaded / ours), String.format("%.1f", ogr), String.format("%,.0f", ogrRows / ogr),
                String.format("%.2f", ratio), peakMb + " MB"};
    }

    static String run(List<String> cmd, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
            throw new IllegalStateException(cmd.get(0) + " failed, see " + log + ":\n" + Files.readString(log));
        }
        return Files.readString(log);
    }

    static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no '" + regex + "' in the load output:\n" + text);
        }
        return Long.parseLong(m.group(1));
    }

    /** The largest heap occupancy seen before any collection (a GC log line "120M->30M(256M)"). */
    static long peakHeapMb(Path gcLog) throws IOException {
        long max = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_BEFORE.matcher(line);
            if (m.find()) {
                max = Math.max(max, Long.parseLong(m.group(1)));
            }
        }
        return max;
    }

    private static Map<String, String> db() {
        URI u = URI.create(System.getenv("INFILL_DB_URL").substring("jdbc:".length()));
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", u.getHost());
        m.put("port", String.valueOf(u.getPort()));
        m.put("db", u.getPath().substring(1));
        m.put("user", System.getenv("INFILL_DB_USER"));
        m.put("password", System.getenv("INFILL_DB_PASSWORD"));
        return m;
    }

    /**
     * A 1000 x 1000 grid of 12 x 9 m building footprints, 20 m apart, around Zoetermeer, with the
     * infill columns (the datagen generator's full city is not needed to measure loading).
     */
    public static void generate(Path file, int n) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (GpkgWriter w = new GpkgWriter(file)) {
            Map<String, GeoPackageDataType> cols = new LinkedHashMap<>();
            cols.put("source_id", GeoPackageDataType.TEXT);
            cols.put("construction_year", GeoPackageDataType.INTEGER);
            cols.put("use", GeoPackageDataType.TEXT);
            cols.put("storeys", GeoPackageDataType.INTEGER);
            cols.put("floor_area_m2", GeoPackageDataType.DOUBLE);
            w.table("buildings", GeometryType.MULTIPOLYGON, 28992, cols);
            String[] uses = {"wonen", "wonen", "wonen", "kantoor", "winkel", "industrie"};
            try (var rows = w.rows("buildings", List.of("source_id", "construction_year", "use", "storeys", "floor_area_m2"))) {
                int side = (int) Math.ceil(Math.sqrt(n));
                for (int i = 0; i < n; i++) {
                    double x = 80000 + (i % side) * 20.0;
                    double y = 440000 + (i / side) * 20.0;
                    int storeys = 1 + i % 5;
                    rows.add(square(x, y), String.format("0637100000%06d", i), 1950 + i % 70, uses[i % uses.length],
                            storeys, 108.0 * storeys);
                }
            }
        }
    }

    /** WKB (little endian) of a one-polygon MultiPolygon, 12 x 9 m from x, y. */
    private static byte[] square(double x, double y) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(9 + 9 + 4 + 5 * 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).putInt(6).putInt(1);
        b.put((byte) 1).putInt(3).putInt(1).putInt(5);
        double[][] c = {{x, y}, {x + 12, y}, {x + 12, y + 9}, {x, y + 9}, {x, y}};
        for (double[] p : c) {
            b.putDouble(p[0]).putDouble(p[1]);
        }
        return b.array();
    }
}
