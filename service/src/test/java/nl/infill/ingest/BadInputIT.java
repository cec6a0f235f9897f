package nl.infill.ingest;

import static nl.infill.ingest.IngestFixtures.assertUnchanged;
import static nl.infill.ingest.IngestFixtures.collection;
import static nl.infill.ingest.IngestFixtures.point;
import static nl.infill.ingest.IngestFixtures.rdCrs;
import static nl.infill.ingest.IngestFixtures.snapshot;
import static nl.infill.ingest.IngestFixtures.square;
import static nl.infill.ingest.IngestFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;

import nl.infill.layers.Layer;
import nl.infill.system.DomainException;
import nl.infill.system.InvalidInput;
import nl.infill.system.NotFound;
import nl.infill.system.UnprocessableInput;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every kind of bad file fails the whole load with a problem naming what and where, leaves the
 * layer (rows and layer_state) exactly as it was, and is recorded as a failed load.
 */
@SpringBootTest
class BadInputIT {

    @Autowired
    Loader loader;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    IngestFixtures.Snapshot amenitiesBefore;
    IngestFixtures.Snapshot buildingsBefore;

    @BeforeEach
    void loadAKnownLayer() {
        Path good = write(dir, "good.geojson", collection(rdCrs(),
                point(94000, 451000, "{\"type\":\"supermarket\",\"name\":\"AH\"}"),
                point(94100, 451100, "{\"type\":\"gp\"}")));
        loader.load(new LoadRequest("amenities", good, "good.geojson", null, null, null, null));
        Path building = write(dir, "b.geojson", collection(rdCrs(), square(94000, 451000, 10, "{}")));
        loader.load(new LoadRequest("buildings", building, "b.geojson", null, null, null, null));
        amenitiesBefore = snapshot(jdbc, Layer.AMENITIES);
        buildingsBefore = snapshot(jdbc, Layer.BUILDINGS);
        assertThat(amenitiesBefore.rows()).isEqualTo(2);
    }

    private DomainException fails(String layer, Path file, String preset, String crs) {
        DomainException p = catchThrowableOfType(DomainException.class,
                () -> loader.load(new LoadRequest(layer, file, file.getFileName().toString(), preset, null, crs, null)));
        assertThat(p).as("load must fail").isNotNull();
        assertUnchanged(jdbc, Layer.AMENITIES, amenitiesBefore);
        assertUnchanged(jdbc, Layer.BUILDINGS, buildingsBefore);
        long loadId = ((Number) p.extra().get("loadId")).longValue();
        String status = jdbc.sql("SELECT status || ':' || message FROM load_history WHERE id = :id").param("id", loadId)
                .query(String.class).single();
        assertThat(status).startsWith("failed:").contains(p.getMessage());
        return p;
    }

    @Test
    void truncatedGeoJsonFailsWithLineAndColumnAndLeavesTheLayer() {
        String full = collection(rdCrs(), point(94000, 451000, "{\"type\":\"gp\"}"),
                point(94010, 451000, "{\"type\":\"gp\"}"), point(94020, 451000, "{\"type\":\"gp\"}"));
        // cut inside the third feature: two features were already staged when the parse fails
        Path f = write(dir, "cut.geojson", full.substring(0, full.length() - 30));
        DomainException p = fails("amenities", f, null, null);
        assertThat(p).isInstanceOf(UnprocessableInput.class);
        assertThat(p.where()).matches("line \\d+, column \\d+");
        assertThat(p.getMessage()).contains("not valid JSON");
    }

    @Test
    void textThatIsNotJsonFailsAtLineOneColumnOne() {
        DomainException p = fails("amenities", write(dir, "notes.txt", "hello, this is not GeoJSON"), null, null);
        assertThat(p.where()).isEqualTo("line 1, column 1");
        assertThat(p.getMessage()).contains("neither GeoJSON");
    }

    @Test
    void jsonThatIsNotAFeatureCollectionFailsNamingType() {
        DomainException p = fails("amenities", write(dir, "f.geojson", "{\"type\":\"Feature\",\"geometry\":null}"), null, null);
        assertThat(p.where()).isEqualTo("type");
    }

    @Test
    void fileNamedGpkgThatIsNotAGeoPackageFails() {
        DomainException p = fails("buildings", write(dir, "fake.gpkg", "PK\u0003\u0004 zip, not sqlite"), null, null);
        assertThat(p.where()).isEqualTo("file");
        assertThat(p.getMessage()).contains("not a GeoPackage");
    }

    @Test
    void emptyFileFails() {
        DomainException p = fails("amenities", write(dir, "empty.geojson", ""), null, null);
        assertThat(p.getMessage()).isEqualTo("The file is empty.");
    }

    @Test
    void featureCollectionWithoutFeaturesFailsAsEmpty() {
        DomainException p = fails("amenities", write(dir, "none.geojson", collection(rdCrs())), null, null);
        assertThat(p.getMessage()).contains("no features");
    }

    @Test
    void unknownLayerIsNotFound() {
        DomainException p = fails("castles", write(dir, "a.geojson", collection(rdCrs(), point(94000, 451000, "{\"type\":\"gp\"}"))), null, null);
        assertThat(p).isInstanceOf(NotFound.class);
        assertThat(p.where()).isEqualTo("layer");
    }

    @Test
    void unknownPresetNamesThePreset() {
        DomainException p = fails("amenities", write(dir, "a.geojson", collection(rdCrs(), point(94000, 451000, "{\"type\":\"gp\"}"))), "osm-castles", null);
        assertThat(p.where()).isEqualTo("preset");
        assertThat(p.getMessage()).contains("osm-poi");
    }

    @Test
    void crsMemberThatPostgisDoesNotKnowFails() {
        String crs = "{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::999999\"}}";
        DomainException p = fails("amenities", write(dir, "a.geojson", collection(crs, point(94000, 451000, "{\"type\":\"gp\"}"))), null, null);
        assertThat(p.where()).isEqualTo("crs");
        assertThat(p.getMessage()).contains("EPSG:999999");
    }

    @Test
    void crsParameterThatIsNotACrsNameFails() {
        DomainException p = fails("amenities", write(dir, "a.geojson", collection(rdCrs(), point(94000, 451000, "{\"type\":\"gp\"}"))), null, "RD-new-please");
        assertThat(p).isInstanceOf(InvalidInput.class);
        assertThat(p.where()).isEqualTo("crs");
    }

    @Test
    void pointsOfferedToThePolygonLayerFailNamingTheFirstPoint() {
        Path f = write(dir, "p.geojson", collection(rdCrs(), point(94000, 451000, "{}"), point(94010, 451000, "{}")));
        DomainException p = fails("buildings", f, null, null);
        assertThat(p.where()).isEqualTo("features[0].geometry");
        assertThat(p.getMessage()).contains("MultiPolygon").contains("Point");
    }

    @Test
    void requiredAttributeMissingFromTheSourceFailsNamingIt() {
        Path f = write(dir, "a.geojson", collection(rdCrs(), point(94000, 451000, "{\"kind\":\"gp\"}")));
        DomainException p = fails("amenities", f, null, null);
        assertThat(p.extra()).containsEntry("attribute", "type");
        assertThat(p.getMessage()).contains("'type'").contains("kind");
    }

    @Test
    void aFileOfOnlyUnusableFeaturesFailsWithTheFirstReason() {
        // RD coordinates declared as lon/lat: x 94000 is far outside lon 3.2..7.3
        Path f = write(dir, "a.geojson", collection(null, point(94000, 451000, "{\"type\":\"gp\"}")));
        DomainException p = fails("amenities", f, null, null);
        assertThat(p.where()).isEqualTo("features[0]");
        assertThat(p.getMessage()).contains("None of the 1 features").contains("EPSG:4326");
        // the failed load's history keeps the rejection with its index
        assertThat(jdbc.sql("SELECT features_rejected || ':' || (rejections -> 0 ->> 'index') FROM load_history WHERE id = :id")
                .param("id", ((Number) p.extra().get("loadId")).longValue()).query(String.class).single()).isEqualTo("1:0");
    }

    @Test
    void mappingFileNamingAColumnTheLayerLacksFails() {
        Path f = write(dir, "a.geojson", collection(rdCrs(), point(94000, 451000, "{\"t\":\"gp\"}")));
        DomainException p = catchThrowableOfType(DomainException.class, () -> loader.load(new LoadRequest("amenities", f, "a",
                null, "{\"columns\":{\"type\":\"t\",\"colour\":\"t\"}}", null, null)));
        assertThat(p.where()).isEqualTo("mapping.columns.colour");
        assertUnchanged(jdbc, Layer.AMENITIES, amenitiesBefore);
    }

    @Test
    void mappingFileThatIsNotJsonFailsWithItsPosition() {
        Path f = write(dir, "a.geojson", collection(rdCrs(), point(94000, 451000, "{\"t\":\"gp\"}")));
        DomainException p = catchThrowableOfType(DomainException.class, () -> loader.load(new LoadRequest("amenities", f, "a",
                null, "{\"columns\": {\"type\": ", null, null)));
        assertThat(p.where()).startsWith("mapping line 1, column");
        assertUnchanged(jdbc, Layer.AMENITIES, amenitiesBefore);
    }
}
