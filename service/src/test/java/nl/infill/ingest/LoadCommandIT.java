package nl.infill.ingest;

import static nl.infill.ingest.IngestFixtures.collection;
import static nl.infill.ingest.IngestFixtures.point;
import static nl.infill.ingest.IngestFixtures.rdCrs;
import static nl.infill.ingest.IngestFixtures.snapshot;
import static nl.infill.ingest.IngestFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import nl.infill.layers.Layer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code ./infill load}: the arguments as the script passes them, exit codes and printed output. */
@SpringBootTest
class LoadCommandIT {

    @Autowired
    LoadCommand command;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return command.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void loadPrintsTheReportAndExitsZero() {
        Path f = write(dir, "poi.geojson", collection(null, point(5.38720621, 52.15517440, "{\"subclass\":\"pharmacy\"}")));
        int code = run("--spring.main.web-application-type=none", "--infill.cli=load", "amenities", f.toString(),
                "--preset", "osm-poi", "--crs=EPSG:4326");
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("of layer amenities: succeeded")
                .contains("loaded   1").contains("EPSG:4326").contains("preset osm-poi");
        assertThat(IngestFixtures.amenityTypes(jdbc)).containsExactly("pharmacy");
    }

    @Test
    void progressLineCountsTheFeaturesReadOnStderrOnlyWhenAsked() {
        StringBuilder features = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            features.append(i == 0 ? "" : ",").append(point(94000 + i, 451000, "{\"type\":\"gp\"}"));
        }
        Path f = write(dir, "twelve.geojson", "{\"type\":\"FeatureCollection\",\"crs\":" + rdCrs()
                + ",\"features\":[" + features + "]}");
        assertThat(run("amenities", f.toString(), "--progress")).isZero();
        // The last redraw, after the whole file was read; GeoJSON gives no count, so no percent.
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("load: 12 features read").contains("features/s")
                .doesNotContain("%");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("features read");
        err.reset();
        assertThat(run("amenities", f.toString())).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("features read");
    }

    @Test
    void mappingFileOptionIsRead() {
        Path f = write(dir, "a.geojson", collection(rdCrs(), point(94000, 451000, "{\"soort\":\"school\"}")));
        Path m = write(dir, "m.json", "{\"columns\":{\"type\":{\"from\":\"soort\",\"map\":{\"school\":\"primary_school\"}}}}");
        assertThat(run("amenities", f.toString(), "--mapping", m.toString())).isZero();
        assertThat(IngestFixtures.amenityTypes(jdbc)).containsExactly("primary_school");
    }

    @Test
    void badFileExitsOneWithWhatAndWhereAndChangesNothing() {
        run("amenities", write(dir, "ok.geojson", collection(rdCrs(), point(94000, 451000, "{\"type\":\"gp\"}"))).toString());
        IngestFixtures.Snapshot before = snapshot(jdbc, Layer.AMENITIES);
        Path f = write(dir, "cut.geojson", "{\"type\":\"FeatureCollection\",\"features\":[");
        int code = run("amenities", f.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("load failed, nothing was changed")
                .contains("where: line 1, column").contains("load id:");
        assertThat(snapshot(jdbc, Layer.AMENITIES)).isEqualTo(before);
    }

    /** Starts the application in its own JVM as ./infill load does; returns exit code and output. */
    private static java.util.Map.Entry<Integer, String> process(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "nl.infill.InfillApplication",
                "--spring.main.web-application-type=none", "--spring.main.banner-mode=off",
                "--logging.level.root=WARN", "--logging.level.org.flywaydb=ERROR", "--infill.cli=load"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        return java.util.Map.entry(p.exitValue(), output);
    }

    @Test
    void processExitsZeroAfterALoadAndOneAfterABadFileWithoutAWebServer() throws Exception {
        Path ok = write(dir, "ok.geojson", collection(rdCrs(), point(94000, 451000, "{\"type\":\"gp\"}")));
        var good = process("amenities", ok.toString());
        assertThat(good.getKey()).as(good.getValue()).isZero();
        assertThat(good.getValue()).contains("of layer amenities: succeeded").doesNotContain("Tomcat started");
        IngestFixtures.Snapshot before = snapshot(jdbc, Layer.AMENITIES);
        var bad = process("amenities", write(dir, "bad.geojson", "not json").toString());
        assertThat(bad.getKey()).isEqualTo(1);
        assertThat(bad.getValue()).contains("error: load failed, nothing was changed").contains("where: line 1, column 1");
        assertThat(snapshot(jdbc, Layer.AMENITIES)).isEqualTo(before);
    }

    @Test
    void usageErrorsExitTwoWithTheUsageAndAMissingFileExitsOne() {
        assertThat(run("amenities")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("expected LAYER and FILE").contains("usage: ./infill load");
        assertThat(run("amenities", dir.resolve("nope.geojson").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("file not found");
        assertThat(run("amenities", "x", "--colour", "red")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --colour");
    }
}
