package nl.infill.ingest.bench;

import java.io.BufferedWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * CityJSON load benchmark (not a test; run by bench/cityjson.sh, see docs/benchmarks.md "CityJSON"):
 * the real 3D BAG tile, and a large CityJSON made of that tile repeated side by side (each copy
 * shifted 1 km, its object ids and BAG ids changed, CityObjects before vertices as 3D BAG writes
 * them, so the reader needs its two passes), each loaded with preset {@code 3dbag} by the CLI in a
 * fresh JVM with the given -Xmx and a GC log. Prints features per second and the peak heap.
 *
 * <p>Arguments: service jar, the real tile, work dir, -Xmx (default 256m), size of the large file in
 * MB (default 200). Database from INFILL_DB_URL / _USER / _PASSWORD.
 */
public final class CityJsonBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CityJsonBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path tile = Path.of(args[1]);
        Path work = Path.of(args[2]);
        String xmx = args.length > 3 ? args[3] : "256m";
        int mb = args.length > 4 ? Integer.parseInt(args[4]) : 200;
        Files.createDirectories(work);
        int copies = (int) Math.max(1, Math.round(mb * 1024.0 * 1024.0 / Files.size(tile)));
        Path big = work.resolve("3dbag-x" + copies + ".city.json");
        if (!Files.exists(big)) {
            repeat(tile, big, copies);
        }
        System.out.printf("real tile: %s (%,d bytes); large file: %d copies, %s (%,d bytes)%n", tile, Files.size(tile),
                copies, big, Files.size(big));
        List<String[]> rows = new ArrayList<>();
        rows.add(load(jar, work, xmx, tile, "real 3D BAG tile (Delft 5910)"));
        rows.add(load(jar, work, xmx, big, "tile x " + copies + " (" + Files.size(big) / (1024 * 1024) + " MB)"));
        System.out.println();
        System.out.println("| file | buildings read | loaded | load s | buildings/s | peak heap (-Xmx" + xmx + ") |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        rows.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
    }

    /** One CLI load in a fresh JVM (load time from the report, JVM start not counted). */
    private static String[] load(Path jar, Path work, String xmx, Path file, String label) throws Exception {
        Path gc = work.resolve("gc-" + file.getFileName() + ".log");
        String out = IngestBenchmark.run(List.of("java", "-Xmx" + xmx, "-Xlog:gc:file=" + gc, "-jar", jar.toString(),
                "--spring.main.web-application-type=none", "--infill.cli=load", "buildings", file.toString(),
                "--preset", "3dbag"), work.resolve("cli-load.out"));
        long read = IngestBenchmark.number(out, "read\\s+(\\d+)");
        long loaded = IngestBenchmark.number(out, "loaded\\s+(\\d+)");
        double s = IngestBenchmark.number(out, "duration\\s+(\\d+) ms") / 1000.0;
        long peak = IngestBenchmark.peakHeapMb(gc);
        System.out.printf("%s: read %,d, loaded %,d in %.2f s (%,.0f buildings/s), peak heap %d MB%n", label, read, loaded,
                s, loaded / s, peak);
        return new String[] {label, String.format("%,d", read), String.format("%,d", loaded), String.format("%.1f", s),
                String.format("%,.0f", loaded / s), peak + " MB"};
    }

    /**
     * Writes {@code copies} copies of the tile side by side, 20 to a row, 1 km apart: each copy's
     * vertices shifted by whole kilometres in the integer (transformed) units, its vertex indices
     * offset, its object ids suffixed and its BAG ids' first four digits replaced by the copy number.
     * Streams: one copy's objects are rendered at a time.
     */
    static void repeat(Path tile, Path out, int copies) throws Exception {
        JsonNode root = JSON.readTree(tile.toFile());
        JsonNode vertices = root.get("vertices");
        int nv = vertices.size();
        double scale = root.at("/transform/scale/0").doubleValue();
        long km = Math.round(1000 / scale);
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(out), 1 << 20)) {
            w.write("{\"CityObjects\":{");
            boolean first = true;
            for (int k = 0; k < copies; k++) {
                int offset = k * nv;
                for (Map.Entry<String, JsonNode> e : root.get("CityObjects").properties()) {
                    ObjectNode o = (ObjectNode) e.getValue().deepCopy();
                    rename(o, "children", k);
                    rename(o, "parents", k);
                    JsonNode attrs = o.get("attributes");
                    if (attrs instanceof ObjectNode a && a.has("identificatie")) {
                        String id = a.get("identificatie").asString();
                        a.put("identificatie", id.substring(0, id.length() - 16) + String.format("%04d", k)
                                + id.substring(id.length() - 12));
                    }
                    for (JsonNode g : o.path("geometry").values()) {
                        if (g instanceof ObjectNode go) {
                            go.set("boundaries", shift(go.get("boundaries"), offset));
                        }
                    }
                    w.write((first ? "" : ",") + JSON.writeValueAsString(e.getKey() + "#" + k) + ":" + JSON.writeValueAsString(o));
                    first = false;
                }
            }
            w.write("},\"metadata\":" + JSON.writeValueAsString(root.get("metadata")));
            w.write(",\"transform\":" + JSON.writeValueAsString(root.get("transform")));
            w.write(",\"type\":\"CityJSON\",\"version\":" + JSON.writeValueAsString(root.get("version")) + ",\"vertices\":[");
            for (int k = 0; k < copies; k++) {
                long dx = (k % 20) * km;
                long dy = (k / 20) * km;
                for (int i = 0; i < nv; i++) {
                    JsonNode v = vertices.get(i);
                    w.write((k == 0 && i == 0 ? "" : ",") + "[" + (v.get(0).asLong() + dx) + "," + (v.get(1).asLong() + dy)
                            + "," + v.get(2).asLong() + "]");
                }
            }
            w.write("]}");
        }
    }

    private static void rename(ObjectNode o, String member, int k) {
        JsonNode refs = o.get(member);
        if (refs != null && refs.isArray()) {
            var arr = JSON.createArrayNode();
            refs.values().forEach(r -> arr.add(r.asString() + "#" + k));
            o.set(member, arr);
        }
    }

    private static JsonNode shift(JsonNode n, int offset) {
        if (n.isArray()) {
            var arr = JSON.createArrayNode();
            n.values().forEach(x -> arr.add(shift(x, offset)));
            return arr;
        }
        return n.isIntegralNumber() ? JSON.getNodeFactory().numberNode(n.asLong() + offset) : n;
    }
}
