package nl.infill.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GDAL's command-line tools as an independent reference for real-data tests (installed by ./infill test). */
public final class Gdal {

    private static final Pattern OGR_VALUE = Pattern.compile("^\\s+(\\w+) \\(\\w+\\) = (.*)$");
    private static final Pattern COUNT = Pattern.compile("^Layer name: (\\w+)$|^Feature Count: (\\d+)$");

    private Gdal() {
    }

    /** Skips the test with a message when ogrinfo is not installed. */
    public static void assumeInstalled() {
        boolean ok;
        try {
            ok = new ProcessBuilder("ogrinfo", "--version").start().waitFor() == 0;
        } catch (Exception e) {
            ok = false;
        }
        // ./infill test installs gdal-bin: a missing ogrinfo is a broken setup, not a reason to skip
        if (!ok) {
            throw new AssertionError("GDAL (ogrinfo) is not installed; ./infill test installs gdal-bin");
        }
    }

    /** Feature count per layer, as {@code ogrinfo -so -al} reports it. */
    public static Map<String, Integer> featureCounts(Path source, String... options) {
        List<String> cmd = new ArrayList<>(List.of("ogrinfo", "-ro", "-so", "-al", source.toString()));
        cmd.addAll(List.of(options));
        Map<String, Integer> counts = new HashMap<>();
        String layer = null;
        for (String line : run(cmd).split("\n")) {
            Matcher m = COUNT.matcher(line.strip());
            if (m.matches() && m.group(1) != null) {
                layer = m.group(1);
            } else if (m.matches() && layer != null) {
                counts.put(layer, Integer.parseInt(m.group(2)));
            }
        }
        return counts;
    }

    /** The first row of an SQLite-dialect ogrinfo query, as name -> value text. */
    public static Map<String, String> sql(Path source, String sql, String... options) {
        List<String> cmd = new ArrayList<>(List.of("ogrinfo", "-ro", "-dialect", "SQLite", "-sql", sql, source.toString()));
        cmd.addAll(List.of(options));
        Map<String, String> values = new HashMap<>();
        for (String line : run(cmd).split("\n")) {
            Matcher m = OGR_VALUE.matcher(line);
            if (m.matches()) {
                values.putIfAbsent(m.group(1), m.group(2).strip());
            }
        }
        return values;
    }

    /** One layer of {@code source} as a GeoJSON tree, converted by ogr2ogr into {@code dir}. */
    public static JsonNode geojson(Path source, String layer, Path dir) {
        Path out = dir.resolve(layer + System.nanoTime() + ".geojson");
        run(List.of("ogr2ogr", "-f", "GeoJSON", out.toString(), source.toString(), layer));
        try {
            return JsonMapper.builder().build().readTree(Files.readString(out));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as("%s failed: %s", cmd.get(0), out).isZero();
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
