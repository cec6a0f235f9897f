package nl.infill.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GDAL's ogrinfo as an independent reference for counts and areas of real files. */
final class Gdal {

    private static final Pattern OGR_VALUE = Pattern.compile("^\\s+(\\w+) \\(\\w+\\) = (.*)$");

    private Gdal() {
    }

    static boolean available() {
        try {
            return new ProcessBuilder("ogrinfo", "--version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** The first row of an SQLite-dialect ogrinfo query, as column -> value text. */
    static Map<String, String> sql(Path source, String sql) throws Exception {
        Process p = new ProcessBuilder("ogrinfo", "-ro", "-dialect", "SQLite", "-sql", sql, source.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("ogrinfo failed: %s", out).isZero();
        Map<String, String> values = new HashMap<>();
        for (String line : out.split("\n")) {
            Matcher m = OGR_VALUE.matcher(line);
            if (m.matches()) {
                values.putIfAbsent(m.group(1), m.group(2).strip());
            }
        }
        return values;
    }
}
