package nl.infill.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import nl.infill.layers.Layer;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Small files and database snapshots shared by the ingest tests. */
final class IngestFixtures {

    /** Row count and checksum of a layer table plus its layer_state row: equal means unchanged. */
    record Snapshot(long rows, String checksum, String state) {
    }

    private IngestFixtures() {
    }

    static Snapshot snapshot(JdbcClient jdbc, Layer layer) {
        Map<String, Object> t = jdbc.sql("SELECT count(*) AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) AS sum FROM "
                + layer.table() + " x").query().singleRow();
        String state = jdbc.sql("SELECT version || '/' || coalesce(last_load_id::text, '-') || '/' || changed_at FROM layer_state WHERE layer = :l")
                .param("l", layer.id()).query(String.class).single();
        return new Snapshot(((Number) t.get("n")).longValue(), (String) t.get("sum"), state);
    }

    static Path write(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A FeatureCollection of the given features (JSON text each). */
    static String collection(String crsMember, String... features) {
        return "{\"type\":\"FeatureCollection\"," + (crsMember == null ? "" : "\"crs\":" + crsMember + ",")
                + "\"features\":[\n" + String.join(",\n", features) + "\n]}";
    }

    static String rdCrs() {
        return "{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::28992\"}}";
    }

    static String point(double x, double y, String props) {
        return "{\"type\":\"Feature\",\"properties\":" + props + ",\"geometry\":{\"type\":\"Point\",\"coordinates\":["
                + x + "," + y + "]}}";
    }

    /** A square of side {@code s} with its lower left corner at x, y. */
    static String square(double x, double y, double s, String props) {
        return "{\"type\":\"Feature\",\"properties\":" + props + ",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[["
                + x + "," + y + "],[" + (x + s) + "," + y + "],[" + (x + s) + "," + (y + s) + "],[" + x + "," + (y + s)
                + "],[" + x + "," + y + "]]]}}";
    }

    static Path sharedData(String relative) {
        return nl.infill.support.SharedData.file(relative);
    }

    static List<String> amenityTypes(JdbcClient jdbc) {
        return jdbc.sql("SELECT type FROM amenity ORDER BY id").query(String.class).list();
    }

    static void assertUnchanged(JdbcClient jdbc, Layer layer, Snapshot before) {
        assertThat(snapshot(jdbc, layer)).as("layer %s unchanged", layer.id()).isEqualTo(before);
    }
}
