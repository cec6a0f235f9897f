package nl.infill.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import nl.infill.analysis.AnalysisCompleted;
import nl.infill.ingest.LayerLoaded;
import nl.infill.layers.Layer;
import nl.infill.presentation.Presentation;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OGC API - Tiles in both tile matrix sets, against a hand-made block of parcels with results in
 * the default scenario, away from the sample city and the other tile tests.
 *
 * <p>Hand-worked RD tile: NetherlandsRDNewQuad's level 12 has cells of 3440.64 / 2^12 = 0.84 m,
 * tiles of 256 * 0.84 = 215.04 m, counted from the origin (-285401.92, 903401.92). RD (140010,
 * 470010) is in column (140010 + 285401.92) / 215.04 = 1978.3 and row (903401.92 - 470010) /
 * 215.04 = 2015.4: tile 12/2015/1978, which covers x 139947.20..140162.24 and y
 * 469881.28..470096.32. The 3 x 3 parcels of 40 m (x 139960..140100, y 469900..470040) lie inside
 * it; parcel "edge" (x 140130..140180) crosses its east edge.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"infill.tiles.version-ttl=300ms"})
class OgcTilesIT {

    static final String RD = "http://www.opengis.net/def/crs/EPSG/0/28992";
    static final String COLLECTION = "results-default";
    static final String RD_TILE = "12/2015/1978";
    static final double TILE_XMIN = -285401.92 + 1978 * 215.04;
    static final double TILE_YMAX = 903401.92 - 2015 * 215.04;
    static final double TILE_SIZE = 215.04;
    static final String AREA = "ST_MakeEnvelope(139000, 469000, 141000, 471000, 28992)";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher events;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();
    long scenarioId;

    @BeforeEach
    void blockOfParcelsWithDefaultResults() {
        jdbc.sql("DELETE FROM parcel WHERE geom && " + AREA).update();
        jdbc.sql("""
                INSERT INTO parcel (source_id, municipality, area_m2, geom)
                SELECT 'ogc-tiles-' || r || '-' || c, 'GM0307', 1600,
                       ST_Multi(ST_MakeEnvelope(139960 + c * 50, 469900 + r * 50, 140000 + c * 50, 469940 + r * 50, 28992))
                  FROM generate_series(0, 2) r, generate_series(0, 2) c""").update();
        jdbc.sql("""
                INSERT INTO parcel (source_id, municipality, area_m2, geom)
                VALUES ('ogc-tiles-edge', 'GM0307', 2000, ST_Multi(ST_MakeEnvelope(140130, 469950, 140180, 469990, 28992)))""")
                .update();
        scenarioId = jdbc.sql("SELECT id FROM scenario WHERE slug = 'default'").query(Long.class).single();
        jdbc.sql("DELETE FROM parcel_result WHERE scenario_id = :sid AND parcel_id NOT IN (SELECT id FROM parcel)")
                .param("sid", scenarioId).update();
        // Score class 1 + (id mod 5), so parcels differ and a tile shows which result it holds.
        jdbc.sql("""
                INSERT INTO parcel_result (scenario_id, parcel_id, run_id, existing_floor_area_m2, allowed_floor_area_m2,
                                           capacity_m2, extra_dwellings, score, score_class, walk_gp_m, walk_supermarket_m, walk_pt_m)
                SELECT :sid, p.id, 1, 100, 480, 380, 3.5, 10 + 20 * (p.id % 5), 1 + p.id % 5, 250, 400, 150
                  FROM parcel p WHERE p.source_id LIKE 'ogc-tiles-%'""").param("sid", scenarioId).update();
        long v = jdbc.sql("UPDATE layer_state SET version = version + 1 WHERE layer = 'parcels' RETURNING version")
                .query(Long.class).single();
        events.publishEvent(new LayerLoaded(Layer.PARCELS.id(), 0, v));
        bumpResults();
    }

    @Test
    void rdTileDecodesToTheFeaturesTheItemsApiGivesForItsEnvelopeWithinOnePixel() throws Exception {
        Mvt.Layer layer = Mvt.decode(ok("/ogc/collections/" + COLLECTION + "/tiles/NetherlandsRDNewQuad/" + RD_TILE))
                .layer(COLLECTION);
        assertThat(layer.extent()).isEqualTo(4096);
        String bbox = TILE_XMIN + "," + (TILE_YMAX - TILE_SIZE) + "," + (TILE_XMIN + TILE_SIZE) + "," + TILE_YMAX;
        JsonNode items = json.readTree(ok("/ogc/collections/" + COLLECTION + "/items?limit=100&bbox=" + bbox
                + "&bbox-crs=" + RD + "&crs=" + RD));
        List<Long> itemIds = new ArrayList<>();
        items.get("features").forEach(f -> itemIds.add(f.get("id").asLong()));
        // The nine parcels and the one across the east edge, and nothing else.
        assertThat(itemIds).hasSize(10);
        assertThat(layer.features()).extracting(Mvt.Feature::id).containsExactlyInAnyOrderElementsOf(itemIds);

        double unit = TILE_SIZE / 4096;
        double pixel = TILE_SIZE / 256;
        Map<Long, Mvt.Feature> byId = new HashMap<>();
        layer.features().forEach(f -> byId.put(f.id(), f));
        int compared = 0;
        for (JsonNode f : items.get("features")) {
            Mvt.Feature tf = byId.get(f.get("id").asLong());
            assertThat(tf.type()).isEqualTo(3);
            assertThat(((Number) tf.properties().get("score_class")).longValue())
                    .isEqualTo(f.get("properties").get("score_class").asLong());
            JsonNode ring = f.get("geometry").get("coordinates").get(0).get(0);
            double maxX = 0;
            for (JsonNode p : ring) {
                maxX = Math.max(maxX, p.get(0).asDouble());
            }
            if (maxX > TILE_XMIN + TILE_SIZE) {
                // The edge parcel is clipped at the tile's buffer: its east side is not drawn here.
                continue;
            }
            // Every vertex of the item has a tile vertex within one pixel once mapped back to RD
            // (x = xmin + u * 215.04 / 4096, y = ymax - v * 215.04 / 4096), and the other way round.
            List<double[]> tileRd = new ArrayList<>();
            for (int[] uv : tf.parts().get(0)) {
                tileRd.add(new double[] {TILE_XMIN + uv[0] * unit, TILE_YMAX - uv[1] * unit});
            }
            for (JsonNode p : ring) {
                assertThat(nearest(tileRd, p.get(0).asDouble(), p.get(1).asDouble())).isLessThan(pixel);
            }
            for (double[] t : tileRd) {
                double best = Double.MAX_VALUE;
                for (JsonNode p : ring) {
                    best = Math.min(best, Math.hypot(p.get(0).asDouble() - t[0], p.get(1).asDouble() - t[1]));
                }
                assertThat(best).isLessThan(pixel);
            }
            compared++;
        }
        assertThat(compared).isEqualTo(9);
    }

    @Test
    void rdTileCornerSitsAtTheHandWorkedTileUnits() throws Exception {
        // Parcel 0-0's south-west corner RD (139960, 469900): u = (139960 - 139947.20) / 0.0525 = 243.8,
        // v = (470096.32 - 469900) / 0.0525 = 3739.3.
        long id = jdbc.sql("SELECT id FROM parcel WHERE source_id = 'ogc-tiles-0-0'").query(Long.class).single();
        Mvt.Feature f = Mvt.decode(ok("/ogc/collections/" + COLLECTION + "/tiles/NetherlandsRDNewQuad/" + RD_TILE))
                .layer(COLLECTION).features().stream().filter(x -> x.id() == id).findFirst().orElseThrow();
        assertThat(f.parts().get(0)).anySatisfy(uv -> {
            assertThat(uv[0]).isBetween(243, 245);
            assertThat(uv[1]).isBetween(3738, 3740);
        });
    }

    @Test
    void tileMatrixSetsListBothAndDefineTheRdGridAsPdokDoes() throws Exception {
        JsonNode list = json.readTree(ok("/ogc/tileMatrixSets"));
        List<String> ids = new ArrayList<>();
        list.get("tileMatrixSets").forEach(t -> ids.add(t.get("id").asString()));
        assertThat(ids).containsExactly("WebMercatorQuad", "NetherlandsRDNewQuad");

        JsonNode rd = json.readTree(ok("/ogc/tileMatrixSets/NetherlandsRDNewQuad"));
        assertThat(rd.get("crs").asString()).isEqualTo(RD);
        assertThat(rd.get("tileMatrices")).hasSize(17);
        JsonNode level0 = rd.get("tileMatrices").get(0);
        assertThat(level0.get("cellSize").asDouble()).isEqualTo(3440.64);
        // 3440.64 m / 0.28 mm = 12,288,000.
        assertThat(level0.get("scaleDenominator").asDouble()).isCloseTo(12288000, within(1e-3));
        assertThat(level0.get("pointOfOrigin").get(0).asDouble()).isEqualTo(-285401.92);
        assertThat(level0.get("pointOfOrigin").get(1).asDouble()).isEqualTo(903401.92);
        assertThat(level0.get("tileWidth").asInt()).isEqualTo(256);
        JsonNode level12 = rd.get("tileMatrices").get(12);
        assertThat(level12.get("cellSize").asDouble()).isCloseTo(0.84, within(1e-12));
        assertThat(level12.get("matrixWidth").asLong()).isEqualTo(4096);

        JsonNode wm = json.readTree(ok("/ogc/tileMatrixSets/WebMercatorQuad"));
        assertThat(wm.get("uri").asString()).isEqualTo("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad");
        // The OGC registry's level 0: 559082264.028717 at 156543.033928041 m per pixel.
        assertThat(wm.get("tileMatrices").get(0).get("scaleDenominator").asDouble()).isCloseTo(559082264.028717, within(1e-3));

        assertProblem("/ogc/tileMatrixSets/GoogleCRS84Quad", 404, "tileMatrixSetId");
    }

    @Test
    void tilesetMetadataLinksTheVersionedTemplateTheDefinitionAndTheFields() throws Exception {
        JsonNode sets = json.readTree(ok("/ogc/collections/" + COLLECTION + "/tiles"));
        assertThat(sets.get("tilesets")).hasSize(2);
        JsonNode rd = json.readTree(ok("/ogc/collections/" + COLLECTION + "/tiles/NetherlandsRDNewQuad"));
        assertThat(rd.get("dataType").asString()).isEqualTo("vector");
        assertThat(rd.get("crs").asString()).isEqualTo(RD);
        String template = link(rd, "item");
        String version = version(COLLECTION);
        assertThat(template).endsWith("/ogc/collections/" + COLLECTION
                + "/tiles/NetherlandsRDNewQuad/{tileMatrix}/{tileRow}/{tileCol}?v=" + version);
        assertThat(link(rd, OgcTilesController.REL_TILING_SCHEME)).endsWith("/ogc/tileMatrixSets/NetherlandsRDNewQuad");
        JsonNode layer = rd.get("layers").get(0);
        assertThat(layer.get("id").asString()).isEqualTo(COLLECTION);
        assertThat(layer.get("geometryDimension").asInt()).isEqualTo(2);
        assertThat(layer.get("propertiesSchema").get("properties").get("score_class").get("type").asString()).isEqualTo("number");
        assertThat(layer.get("propertiesSchema").get("properties").get("excluded").get("type").asString()).isEqualTo("boolean");

        JsonNode wm = json.readTree(ok("/ogc/collections/" + COLLECTION + "/tiles/WebMercatorQuad"));
        assertThat(wm.get("tileMatrixSetURI").asString()).isEqualTo("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad");
        // The template's tile is the one /tiles serves at z/x/y = tileMatrix/tileCol/tileRow: the
        // WebMercatorQuad tile at z16 over the block's parcel 1-1 (RD 140030, 469970).
        double[] lonLat = jdbc.sql("SELECT ST_X(g), ST_Y(g) FROM ST_Transform(ST_SetSRID(ST_Point(140030, 469970), 28992), 4326) g")
                .query((rs, i) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).single();
        int col = (int) Math.floor((lonLat[0] + 180) / 360 * (1 << 16));
        double lat = Math.toRadians(lonLat[1]);
        int row = (int) Math.floor((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * (1 << 16));
        String path = URI.create(link(wm, "item").replace("{tileMatrix}/{tileRow}/{tileCol}", "16/" + row + "/" + col)).getRawPath();
        byte[] ogc = ok(path + "?v=" + version);
        assertThat(Mvt.decode(ogc).layer(COLLECTION).features()).isNotEmpty();
        assertThat(ogc).isEqualTo(ok("/tiles/" + COLLECTION + "/16/" + col + "/" + row + ".mvt?v=" + version));

        JsonNode conformance = json.readTree(ok("/ogc/conformance"));
        List<String> classes = new ArrayList<>();
        conformance.get("conformsTo").forEach(c -> classes.add(c.asString()));
        assertThat(classes).contains("http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
                "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
                "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core");
        JsonNode collection = json.readTree(ok("/ogc/collections/" + COLLECTION));
        assertThat(link(collection, OgcTilesController.REL_TILESETS_VECTOR)).endsWith("/ogc/collections/" + COLLECTION + "/tiles");
        assertThat(link(json.readTree(ok("/ogc")), OgcTilesController.REL_TILING_SCHEMES)).endsWith("/ogc/tileMatrixSets");
    }

    @Test
    void outOfRangeTilesAndUnknownSetsAreNotFoundProblems() throws Exception {
        String base = "/ogc/collections/" + COLLECTION + "/tiles/";
        assertProblem(base + "NetherlandsRDNewQuad/17/0/0", 404, "tileMatrix");
        assertProblem(base + "NetherlandsRDNewQuad/12/4096/0", 404, "tileRow");
        assertProblem(base + "NetherlandsRDNewQuad/12/0/4096", 404, "tileCol");
        assertProblem(base + "NetherlandsRDNewQuad/1/-1/0", 404, "tileRow");
        assertProblem(base + "EuropeanETRS89_LAEAQuad/0/0/0", 404, "tileMatrixSetId");
        assertProblem("/ogc/collections/no-such/tiles/WebMercatorQuad/0/0/0", 404, "collection");
    }

    @Test
    void secondRequestIsServedFromTheCacheWhileTheVersionStands() throws Exception {
        String path = "/ogc/collections/" + COLLECTION + "/tiles/NetherlandsRDNewQuad/" + RD_TILE;
        byte[] first = ok(path);
        // Rows gone without a version bump: only the cache can still answer with them.
        jdbc.sql("UPDATE parcel_result SET score_class = 5 WHERE scenario_id = :sid").param("sid", scenarioId).update();
        HttpResponse<byte[]> second = get(path);
        assertThat(second.body()).isEqualTo(first);
        // The next level down was never asked for, so it is drawn from the changed rows: RD (140010,
        // 470010) is at level 13 (107.52 m tiles) in column 425411.92 / 107.52 = 3956.6, row
        // 433391.92 / 107.52 = 4030.8.
        assertThat(Mvt.decode(ok("/ogc/collections/" + COLLECTION + "/tiles/NetherlandsRDNewQuad/13/4030/3956"))
                .layer(COLLECTION).features()).isNotEmpty()
                .allSatisfy(f -> assertThat(f.properties()).containsEntry("score_class", 5L));
    }

    @Test
    void afterARunTheOldVersionUrlNeverServesTheOldTile() throws Exception {
        String path = "/ogc/collections/" + COLLECTION + "/tiles/NetherlandsRDNewQuad/" + RD_TILE;
        String v1 = version(COLLECTION);
        HttpResponse<byte[]> before = get(path + "?v=" + v1);
        assertThat(before.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
        String etag1 = before.headers().firstValue("ETag").orElseThrow();
        assertThat(Mvt.decode(before.body()).layer(COLLECTION).features())
                .anySatisfy(f -> assertThat(f.properties().get("score_class")).isNotEqualTo(5L));

        jdbc.sql("UPDATE parcel_result SET score_class = 5 WHERE scenario_id = :sid").param("sid", scenarioId).update();
        bumpResults();

        String v2 = version(COLLECTION);
        assertThat(v2).isNotEqualTo(v1);
        HttpResponse<byte[]> old = get(path + "?v=" + v1, "If-None-Match", etag1);
        assertThat(old.statusCode()).isEqualTo(200);
        assertThat(old.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag1);
        assertThat(old.headers().firstValue("Cache-Control").orElse("")).contains("no-cache");
        assertThat(Mvt.decode(old.body()).layer(COLLECTION).features())
                .allSatisfy(f -> assertThat(f.properties()).containsEntry("score_class", 5L));
        assertThat(ok(path + "?v=" + v2)).isEqualTo(old.body());
    }

    @Test
    void everyMapLayerStyleValidatesAgainstTheMapLibreStyleSpec() throws Exception {
        Path dir = Files.createTempDirectory("infill-styles");
        List<String> files = new ArrayList<>();
        for (String collection : List.of(COLLECTION, "neighbourhood-results-default", "parcels", "buildings", "zoning",
                "amenities", "neighbourhoods", "streets", "constraints", "units")) {
            for (JsonNode style : json.readTree(ok("/ogc/collections/" + collection + "/styles")).get("styles")) {
                HttpResponse<byte[]> r = get(URI.create(link(style, "stylesheet")).getRawPath() + "?f=mapbox");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(MapLibreStyles.MEDIA_TYPE);
                Path file = dir.resolve(collection + "-" + style.get("id").asString() + ".json");
                Files.write(file, r.body());
                files.add(file.toString());
            }
        }
        // One style per map layer of the presentation source that draws a collection (the difference
        // ramps colour the compare API's values in the browser; no tileset carries them).
        assertThat(files).hasSize((int) Presentation.get().layers().stream()
                .filter(l -> !"compare".equals(l.source())).count());
        Map<String, List<String>> errors = StyleSpec.validate(files);
        assertThat(errors).hasSize(files.size());
        errors.forEach((file, messages) -> assertThat(messages).as(file).isEmpty());
    }

    @Test
    void theValidatorRejectsAStyleThatBreaksTheSpec() throws Exception {
        JsonNode style = json.readTree(ok("/ogc/collections/" + COLLECTION + "/styles/score?f=mapbox"));
        String broken = style.toString().replace("\"fill-color\":\"#ffffb2\"", "\"fill-color\":\"not a colour\"");
        assertThat(broken).isNotEqualTo(style.toString());
        Path file = Files.createTempFile("infill-broken-style", ".json");
        Files.writeString(file, broken);
        assertThat(StyleSpec.validate(List.of(file.toString())).get(file.toString()))
                .anySatisfy(m -> assertThat(m).contains("fill-color"));
    }

    @Test
    void scoreStyleDrawsThePresentationClassesFromTheVersionedTiles() throws Exception {
        JsonNode style = json.readTree(ok("/ogc/collections/" + COLLECTION + "/styles/score?f=mapbox"));
        Presentation.MapLayer score = Presentation.get().layer("score");
        List<String> fills = new ArrayList<>();
        List<JsonNode> filters = new ArrayList<>();
        for (JsonNode l : style.get("layers")) {
            assertThat(l.get("source-layer").asString()).isEqualTo(COLLECTION);
            if (l.get("type").asString().equals("fill")) {
                fills.add(l.get("paint").get("fill-color").asString());
                filters.add(l.get("filter"));
            }
        }
        assertThat(fills).containsExactlyElementsOf(score.classes().stream().map(Presentation.LayerClass::colour).toList());
        // Class "1" tests the number the tile carries; the else class is none of the five.
        assertThat(filters.get(0).toString()).isEqualTo("[\"==\",\"score_class\",1]");
        assertThat(filters.get(5).get(0).asString()).isEqualTo("none");
        assertThat(filters.get(5)).hasSize(6);
        String template = style.get("sources").get(COLLECTION).get("tiles").get(0).asString();
        assertThat(template).endsWith("/ogc/collections/" + COLLECTION + "/tiles/WebMercatorQuad/{z}/{y}/{x}?v="
                + version(COLLECTION));
        assertProblem("/ogc/collections/" + COLLECTION + "/styles/nbh65", 404, "styleId");
        assertProblem("/ogc/collections/" + COLLECTION + "/styles/score?f=sld", 400, "f");
    }

    private void bumpResults() {
        long rv = jdbc.sql("UPDATE scenario SET results_version = results_version + 1 WHERE id = :sid RETURNING results_version")
                .param("sid", scenarioId).query(Long.class).single();
        events.publishEvent(new AnalysisCompleted(scenarioId, "default", 1, rv));
    }

    /** The data version in the tileset's URL template. */
    private String version(String collection) throws Exception {
        String template = link(json.readTree(ok("/ogc/collections/" + collection + "/tiles/WebMercatorQuad")), "item");
        return template.substring(template.indexOf("?v=") + 3);
    }

    private static String link(JsonNode doc, String rel) {
        for (JsonNode l : doc.get("links")) {
            if (l.get("rel").asString().equals(rel)) {
                return l.get("href").asString();
            }
        }
        throw new AssertionError("no link " + rel + " in " + doc);
    }

    private static double nearest(List<double[]> points, double x, double y) {
        double best = Double.MAX_VALUE;
        for (double[] p : points) {
            best = Math.min(best, Math.hypot(p[0] - x, p[1] - y));
        }
        return best;
    }

    private void assertProblem(String path, int status, String where) throws Exception {
        HttpResponse<byte[]> r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(r.body());
        assertThat(problem.get("where").asString()).as(path).isEqualTo(where);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("SELECT", "Exception", "ST_");
    }

    private byte[] ok(String path) throws Exception {
        HttpResponse<byte[]> r = get(path);
        assertThat(r.statusCode()).as(path + ": " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return r.body();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
