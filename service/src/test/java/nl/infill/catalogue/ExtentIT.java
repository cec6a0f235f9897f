package nl.infill.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.infill.support.SharedData;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalogue's extents: in CRS84 a box that contains every feature, also where an RD box's
 * edge curves outward between its corners, and one that a client can send back (rounded as the
 * OGC test suite rounds it) in CRS84 or in EPSG:28992 and get the same features.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExtentIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RD = "http://www.opengis.net/def/crs/EPSG/0/28992";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void removeTheWideConstraints() {
        if (jdbc.sql("DELETE FROM constraint_area WHERE source_id LIKE 'EXTENT-IT-%'").update() > 0) {
            bump("constraints");
        }
    }

    /**
     * RD's central meridian runs through x = 155,000 (Amersfoort). An RD box from x 105,000 to
     * 205,000 has its top edge (y = 600,010) furthest north in longitude/latitude at x = 155,000,
     * not at a corner: parallels bend towards the pole on either side of the central meridian.
     */
    @Test
    void theCrs84BoxHoldsTheNorthernmostPointOfATopEdgeThatBulgesBetweenItsCorners() {
        jdbc.sql("""
                INSERT INTO constraint_area (source_id, kind, severity, geom) VALUES
                  ('EXTENT-IT-top', 'test', 'soft', ST_Multi(ST_MakeEnvelope(105000, 600000, 205000, 600010, 28992))),
                  ('EXTENT-IT-low', 'test', 'soft', ST_Multi(ST_MakeEnvelope(105000, 300000, 105010, 300010, 28992)))
                """).update();
        bump("constraints");
        double northernmost = jdbc.sql("SELECT ST_Y(ST_Transform(ST_SetSRID(ST_MakePoint(155000, 600010), 28992), 4326))")
                .query(Double.class).single();
        double cornersOnly = jdbc.sql("""
                SELECT ST_YMax(ST_Transform(ST_SetSRID(ST_Extent(geom)::geometry, 28992), 4326)) FROM constraint_area""")
                .query(Double.class).single();
        // the old way (corners projected) loses about 260 m along the top edge (PostGIS: 0.00234 degrees)
        assertThat(cornersOnly).isLessThan(northernmost - 2e-3);

        JsonNode bbox = bbox(get("/ogc/collections/constraints"));
        assertThat(bbox.get(3).asDouble()).isGreaterThanOrEqualTo(northernmost);
        assertThat(outside("constraint_area", bbox)).isZero();
    }

    /**
     * OpenStreetMap's streets of Zoetermeer (18,031 usable lines): the published box holds every
     * one, equals GDAL's extent of the same lines in RD, and as a client sends it back, with 7
     * decimals in CRS84 or projected corner by corner to EPSG:28992, it selects every street.
     */
    @Test
    void realStreetsFitTheirBoxWhichSelectsThemAllInEitherCrs() throws Exception {
        Path gpkg = SharedData.file("zoetermeer/osm_zoetermeer_2021_rd.gpkg");
        upload("streets", gpkg, "osm-transportation");
        long streets = jdbc.sql("SELECT count(*) FROM street").query(Long.class).single();
        assertThat(streets).isGreaterThanOrEqualTo(18_031);

        JsonNode layer = get("/api/layers/streets");
        assertThat(layer.get("featureCount").asLong()).isEqualTo(streets);
        double[] gdal = gdalExtentOfTheLinesInRd(gpkg);
        JsonNode rd = layer.get("extentRd");
        for (int i = 0; i < 4; i++) {
            assertThat(rd.get(i).asDouble()).as("RD extent [%d] against ogrinfo", i).isCloseTo(gdal[i],
                    org.assertj.core.data.Offset.offset(0.01));
        }

        JsonNode bbox = bbox(get("/ogc/collections/streets"));
        assertThat(layer.get("extentCrs84").get(0).asDouble()).isEqualTo(bbox.get(0).asDouble());
        assertThat(outside("street", bbox)).isZero();

        // The OGC suite (verifyBboxCrsParameter) prints the box with 7 decimals ...
        String crs84 = String.join(",", seven(bbox.get(0)), seven(bbox.get(1)), seven(bbox.get(2)), seven(bbox.get(3)));
        // ... and projects only its lower-left and upper-right corners to EPSG:28992 (its
        // GeometryTransformer.transform(BBox)), whose box is then narrower than the projected lon/lat
        // box by about W sin^2 of the grid convergence on each side.
        double[] corners = jdbc.sql("""
                SELECT ST_X(lo), ST_Y(lo), ST_X(hi), ST_Y(hi)
                  FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(:x1, :y1), 4326), 28992) AS lo,
                               ST_Transform(ST_SetSRID(ST_MakePoint(:x2, :y2), 4326), 28992) AS hi) q""")
                .param("x1", bbox.get(0).asDouble()).param("y1", bbox.get(1).asDouble())
                .param("x2", bbox.get(2).asDouble()).param("y2", bbox.get(3).asDouble())
                .query((rs, i) -> new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)})
                .single();
        String rdBox = corners[0] + "," + corners[1] + "," + corners[2] + "," + corners[3];
        Set<Long> inCrs84 = ids("/ogc/collections/streets/items?limit=10000&bbox=" + crs84);
        Set<Long> inRd = ids("/ogc/collections/streets/items?limit=10000&bbox=" + rdBox + "&bbox-crs="
                + URLEncoder.encode(RD, StandardCharsets.UTF_8));
        assertThat(inCrs84).hasSize(10000).isEqualTo(inRd);
        assertThat(ids("/ogc/collections/streets/items?limit=10&bbox=" + crs84))
                .isEqualTo(ids("/ogc/collections/streets/items?limit=10&bbox=" + rdBox + "&bbox-crs="
                        + URLEncoder.encode(RD, StandardCharsets.UTF_8)));
    }

    /** Rows of {@code table} whose geometry, projected to CRS84, is not inside {@code bbox}. */
    private long outside(String table, JsonNode bbox) {
        // table is one of this test's two literals
        return jdbc.sql("SELECT count(*) FROM " + table
                        + " WHERE NOT ST_Transform(geom, 4326) @ ST_MakeEnvelope(:x1, :y1, :x2, :y2, 4326)")
                .param("x1", bbox.get(0).asDouble()).param("y1", bbox.get(1).asDouble())
                .param("x2", bbox.get(2).asDouble()).param("y2", bbox.get(3).asDouble())
                .query(Long.class).single();
    }

    /** What ogrinfo reports as the extent of the transportation lines (the 3 piers drawn as areas excluded, as the load rejects them). */
    private static double[] gdalExtentOfTheLinesInRd(Path gpkg) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ogrinfo", "-ro", "-so", "-dialect", "OGRSQL", gpkg.toString(), "-sql",
                "SELECT * FROM transportation WHERE OGR_GEOMETRY <> 'MULTIPOLYGON'").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0,
                "skipped: ogrinfo (gdal-bin, installed by ./infill test) did not run: " + out);
        Matcher m = Pattern.compile("Extent: \\(([-\\d.]+), ([-\\d.]+)\\) - \\(([-\\d.]+), ([-\\d.]+)\\)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4))};
    }

    /** java.text.DecimalFormat's default rounding, as the suite uses it. */
    private static String seven(JsonNode v) {
        return new BigDecimal(v.asDouble()).setScale(7, RoundingMode.HALF_EVEN).toPlainString();
    }

    private Set<Long> ids(String path) {
        Set<Long> out = new TreeSet<>();
        for (JsonNode f : get(path).get("features")) {
            out.add(f.get("id").asLong());
        }
        return out;
    }

    private void upload(String layer, Path file, String preset) {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("file", new FileSystemResource(file));
        parts.add("preset", preset);
        int status = RestClient.create("http://localhost:" + port).post().uri("/api/layers/{layer}/loads", layer)
                .headers(h -> h.setBasicAuth("editor", "editor")).contentType(MediaType.MULTIPART_FORM_DATA)
                .body(parts).exchange((req, res) -> res.getStatusCode().value(), true);
        assertThat(status).isEqualTo(201);
    }

    private JsonNode get(String path) {
        return RestClient.create("http://localhost:" + port).get().uri(java.net.URI.create("http://localhost:" + port + path))
                .exchange((req, res) -> JSON.readTree(res.getBody().readAllBytes()), true);
    }

    private static JsonNode bbox(JsonNode collection) {
        return collection.get("extent").get("spatial").get("bbox").get(0);
    }

    private void bump(String layer) {
        jdbc.sql("UPDATE layer_state SET version = version + 1 WHERE layer = :l").param("l", layer).update();
    }
}
