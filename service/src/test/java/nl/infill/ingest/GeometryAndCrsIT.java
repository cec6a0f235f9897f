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
import java.util.Map;

import nl.infill.layers.Layer;
import nl.infill.system.DomainException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Geometry hygiene and CRS handling, on small files written here. */
@SpringBootTest
class GeometryAndCrsIT {

    @Autowired
    Loader loader;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    private LoadReport load(String layer, String content, String crs) {
        Path f = write(dir, "f.geojson", content);
        return loader.load(new LoadRequest(layer, f, "f.geojson", null, null, crs, null));
    }

    private double[] amenityXy() {
        Map<String, Object> r = jdbc.sql("SELECT ST_X(geom) AS x, ST_Y(geom) AS y FROM amenity").query().singleRow();
        return new double[] {(Double) r.get("x"), (Double) r.get("y")};
    }

    @Test
    void lonLatPointOfTheAmersfoortTowerLandsOnTheRdOriginWithinOneMetre() {
        // RD's origin 155000 463000 is the Onze Lieve Vrouwetoren, lon 5.38720621 lat 52.15517440.
        // PostGIS 3.3 / PROJ 9.1 transforms with the +towgs84 7-parameter Helmert of
        // spatial_ref_sys (no RDNAPTRANS grid installed): good to about 1 m; measured 0.3 m here.
        LoadReport r = load("amenities", collection(null, point(5.38720621, 52.15517440, "{\"type\":\"other\"}")), null);
        assertThat(r.crs()).isEqualTo("EPSG:4326");
        double[] xy = amenityXy();
        assertThat(Math.hypot(xy[0] - 155000, xy[1] - 463000)).isLessThan(1.0);
    }

    @Test
    void crsMemberAfterTheFeaturesIsHonoured() {
        String json = "{\"type\":\"FeatureCollection\",\"features\":[" + point(155000, 463000, "{\"type\":\"gp\"}")
                + "],\"crs\":" + rdCrs() + "}";
        LoadReport r = load("amenities", json, null);
        assertThat(r.crs()).isEqualTo("EPSG:28992");
        assertThat(amenityXy()).containsExactly(155000.0, 463000.0);
    }

    @Test
    void crsParameterOverridesTheCrsMember() {
        // the file claims RD but holds lon/lat; the user knows better
        LoadReport r = load("amenities", collection(rdCrs(), point(5.38720621, 52.15517440, "{\"type\":\"gp\"}")), "EPSG:4326");
        assertThat(r.crs()).isEqualTo("EPSG:4326");
        double[] xy = amenityXy();
        assertThat(Math.hypot(xy[0] - 155000, xy[1] - 463000)).isLessThan(1.0);
    }

    @Test
    void swappedAxesAreRejectedWhileTheOtherFeaturesLoad() {
        LoadReport r = load("amenities", collection(null,
                point(5.38720621, 52.15517440, "{\"type\":\"gp\"}"),
                point(52.15517440, 5.38720621, "{\"type\":\"gp\"}")), null);
        assertThat(r.loaded()).isEqualTo(1);
        assertThat(r.rejected()).isEqualTo(1);
        assertThat(r.rejections()).singleElement().satisfies(x -> {
            assertThat(x.index()).isEqualTo(1);
            assertThat(x.reason()).contains("outside the plausible range of EPSG:4326").contains("swapped axes");
            // a place read from swapped coordinates would be elsewhere entirely: none is given
            assertThat(x.lon()).isNull();
            assertThat(x.lat()).isNull();
        });
    }

    @Test
    void aFeatureRejectedByTheLayersRulesKeepsItsPlaceInWgs84AndOneWithoutGeometryHasNone() {
        String nullGeom = "{\"type\":\"Feature\",\"properties\":{\"type\":\"gp\"},\"geometry\":null}";
        LoadReport r = load("amenities", collection(rdCrs(), point(94000, 451000, "{\"type\":\"gp\"}"),
                point(94000, 451000, "{\"type\":\"kiosk\"}"), nullGeom), null);
        assertThat(r.loaded()).isEqualTo(1);
        double[] ll = jdbc.sql("SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(94000, 451000), 28992), 4326) p) q")
                .query((rs, i) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).single();
        assertThat(r.rejections()).extracting(LoadReport.Rejection::index).containsExactly(1L, 2L);
        assertThat(r.rejections().get(0).lon()).isCloseTo(ll[0], org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.rejections().get(0).lat()).isCloseTo(ll[1], org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.rejections().get(1).lon()).isNull();
        assertThat(r.rejections().get(1).lat()).isNull();
    }

    @Test
    void rdCoordinatesOutsideTheNetherlandsAreRejected() {
        LoadReport r = load("amenities", collection(rdCrs(), point(94000, 451000, "{\"type\":\"gp\"}"),
                point(463000, 155000, "{\"type\":\"gp\"}")), null);
        assertThat(r.loaded()).isEqualTo(1);
        assertThat(r.rejections()).singleElement().satisfies(x -> assertThat(x.index()).isEqualTo(1));
    }

    @Test
    void bowTieIsRepairedAndCountedAndCollectionsReducedToPolygons() {
        String bowTie = "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                + "[[[94000,451000],[94010,451010],[94010,451000],[94000,451010],[94000,451000]]]}}";
        String gc = "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"GeometryCollection\",\"geometries\":["
                + "{\"type\":\"Polygon\",\"coordinates\":[[[94100,451000],[94110,451000],[94110,451010],[94100,451010],[94100,451000]]]},"
                + "{\"type\":\"LineString\",\"coordinates\":[[94100,451000],[94200,451000]]}]}}";
        String onlyLine = "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"GeometryCollection\",\"geometries\":["
                + "{\"type\":\"LineString\",\"coordinates\":[[94100,451000],[94200,451000]]}]}}";
        String nullGeom = "{\"type\":\"Feature\",\"properties\":{},\"geometry\":null}";
        LoadReport r = load("buildings", collection(rdCrs(), bowTie, gc, onlyLine, nullGeom,
                square(94300, 451000, 10, "{\"construction_year\":1975}")), null);
        assertThat(r.read()).isEqualTo(5);
        assertThat(r.loaded()).isEqualTo(3);
        assertThat(r.repaired()).isEqualTo(1);
        assertThat(r.reduced()).isEqualTo(1);
        assertThat(r.rejections()).extracting(LoadReport.Rejection::index).containsExactly(2L, 3L);
        assertThat(r.rejections().get(0).reason()).contains("no polygon part");
        assertThat(r.rejections().get(1).reason()).isEqualTo("empty or null geometry");
        // the bow tie 0..10 x 0..10 crossing at its centre becomes two triangles of 25 m2 each: 50 m2;
        // the collection keeps its 10 x 10 square: 100 m2; the plain square 100 m2
        assertThat(jdbc.sql("SELECT round(sum(ST_Area(geom))) FROM building").query(Long.class).single()).isEqualTo(250L);
        assertThat(jdbc.sql("SELECT count(*) FROM building WHERE ST_IsValid(geom) AND GeometryType(geom) = 'MULTIPOLYGON'")
                .query(Long.class).single()).isEqualTo(3L);
    }

    @Test
    void strayPolygonAmongLinesIsRejectedAndTheLinesAreSplitIntoParts() {
        String multiLine = "{\"type\":\"Feature\",\"properties\":{\"class\":\"path\"},\"geometry\":{\"type\":\"MultiLineString\","
                + "\"coordinates\":[[[94000,451000],[94010,451000]],[[94020,451000],[94030,451000]]]}}";
        LoadReport r = load("streets", collection(rdCrs(), multiLine, square(94000, 451000, 5, "{\"class\":\"pier\"}")), null);
        assertThat(r.loaded()).isEqualTo(2);
        assertThat(r.rejections()).singleElement().satisfies(x -> assertThat(x.reason()).contains("Polygon"));
        assertThat(jdbc.sql("SELECT count(*) FROM street WHERE walkable AND class = 'path'").query(Long.class).single()).isEqualTo(2L);
    }

    @Test
    void attributeOfTheWrongTypeRejectsTheFeatureNamingTheAttribute() {
        LoadReport r = load("buildings", collection(rdCrs(), square(94000, 451000, 10, "{\"construction_year\":\"old\"}"),
                square(94100, 451000, 10, "{\"construction_year\":\"1968\"}"), square(94200, 451000, 10, "{\"construction_year\":3000}")), null);
        assertThat(r.loaded()).isEqualTo(1);
        assertThat(r.rejections()).extracting(LoadReport.Rejection::reason)
                .containsExactly("attribute construction_year (from construction_year): 'old' is not a whole number",
                        "construction_year 3000 outside 1000..2100");
        assertThat(jdbc.sql("SELECT construction_year FROM building").query(Integer.class).single()).isEqualTo(1968);
    }

    @Test
    void loadThatFailsAfterStagingLeavesThePreviousLayerIntact() {
        load("buildings", collection(rdCrs(), square(94000, 451000, 10, "{}"), square(94100, 451000, 10, "{}")), null);
        IngestFixtures.Snapshot before = snapshot(jdbc, Layer.BUILDINGS);
        // 200 good features are COPYed into staging before the parse error at the end of the file
        String[] many = new String[200];
        for (int i = 0; i < many.length; i++) {
            many[i] = square(94000 + i * 20, 452000, 10, "{}");
        }
        String broken = collection(rdCrs(), many).replaceFirst("\\]\\}$", ",{\"type\":\"Feature\",\"geometry\":");
        DomainException p = catchThrowableOfType(DomainException.class, () -> load("buildings", broken, null));
        assertThat(p.where()).startsWith("line ");
        assertUnchanged(jdbc, Layer.BUILDINGS, before);
        assertThat(jdbc.sql("SELECT to_regclass('pg_temp.ingest_stage') IS NULL").query(Boolean.class).single()).isTrue();
    }

    @Test
    void successfulLoadBumpsTheLayerVersionAndRecordsTheLoad() {
        long before = jdbc.sql("SELECT version FROM layer_state WHERE layer = 'zoning'").query(Long.class).single();
        LoadReport r = load("zoning", collection(rdCrs(), square(94000, 451000, 100,
                "{\"function\":\"wonen\",\"max_height_m\":15,\"max_coverage\":0.6}")), null);
        assertThat(r.version()).isEqualTo(before + 1);
        assertThat(r.status()).isEqualTo("succeeded");
        assertThat(jdbc.sql("SELECT last_load_id FROM layer_state WHERE layer = 'zoning'").query(Long.class).single()).isEqualTo(r.id());
        assertThat(jdbc.sql("SELECT load_id FROM zoning").query(Long.class).single()).isEqualTo(r.id());
    }
}
