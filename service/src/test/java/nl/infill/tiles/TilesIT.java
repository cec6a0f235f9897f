package nl.infill.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import tools.jackson.databind.json.JsonMapper;

import nl.infill.analysis.AnalysisCompleted;
import nl.infill.ingest.LayerLoaded;
import nl.infill.layers.Layer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tiles of a small hand-made neighbourhood around the RD origin in Amersfoort (RD 155000 463000),
 * far from the sample city so other tests' data stays out of these tiles.
 *
 * <p>Hand-worked tile geometry: RD (155000, 463000) is lon 5.3872035, lat 52.1551723 in WGS84
 * (PostGIS's transform of EPSG:28992). At z16 the tile column is (lon + 180) / 360 * 2^16 =
 * 33748.7105 and the row (1 - ln(tan(lat) + sec(lat)) / pi) / 2 * 2^16 = 21601.5674, so the point
 * lies in tile 16/33748/21601 at 0.7105 * 4096 = 2910.1, 0.5674 * 4096 = 2324.2 tile units. That
 * tile covers about RD x 154733..155109, y 462838..463213; at z13 the same point is in tile
 * 13/4218/2700 (RD x 153229..156237, y 460588..463588).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"infill.tiles.max-features=25", "infill.tiles.version-ttl=300ms"})
class TilesIT {

    static final String TILE_Z16 = "16/33748/21601";
    static final String TILE_Z13 = "13/4218/2700";
    static final String AREA = "ST_MakeEnvelope(152000, 460000, 158000, 466000, 28992)";
    static final String SCENARIO = "tiles-it";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationEventPublisher events;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void neighbourhoodAroundTheRdOrigin() {
        jdbc.sql("DELETE FROM scenario WHERE slug = :s").param("s", SCENARIO).update();
        for (Layer layer : Layer.values()) {
            jdbc.sql("DELETE FROM " + layer.table() + " WHERE geom && " + AREA).update();
        }
        // 36 parcels of 20 x 20 m in a 6 x 6 grid, x 154800..154920, y 462900..463020: all in tile z16.
        jdbc.sql("""
                INSERT INTO parcel (source_id, municipality, area_m2, geom)
                SELECT 'tiles-it-' || r || '-' || c, 'GM0307', 400,
                       ST_Multi(ST_MakeEnvelope(154800 + c * 20, 462900 + r * 20, 154820 + c * 20, 462920 + r * 20, 28992))
                  FROM generate_series(0, 5) r, generate_series(0, 5) c""").update();
        jdbc.sql("""
                INSERT INTO building (source_id, construction_year, use, storeys, height_m, geom)
                VALUES ('tiles-it-b1', 1974, 'wonen', 3, 9.5,
                        ST_Multi(ST_MakeEnvelope(154760, 462950, 154780, 462965, 28992)))""").update();
        jdbc.sql("""
                INSERT INTO amenity (source_id, type, name, geom)
                VALUES ('tiles-it-a1', 'gp', 'Huisarts De Kei', ST_SetSRID(ST_Point(155000, 463000), 28992))""").update();
        jdbc.sql("""
                INSERT INTO zoning (source_id, plan_name, function, max_height_m, max_coverage, max_fsi, geom)
                VALUES ('tiles-it-z1', 'Centrum', 'wonen', 12, 0.6, 1.2,
                        ST_Multi(ST_MakeEnvelope(154750, 462850, 155100, 463200, 28992)))""").update();
        jdbc.sql("""
                INSERT INTO neighbourhood (code, name, municipality, year, population, pop_65plus_pct, dwellings, geom)
                VALUES ('BU03070101', 'Binnenstad', 'GM0307', 2024, 1200, 24.5, 600,
                        ST_Multi(ST_MakeEnvelope(154750, 462850, 155100, 463200, 28992)))""").update();
        jdbc.sql("""
                INSERT INTO street (source_id, class, name, walkable, geom)
                VALUES ('tiles-it-s1', 'minor', 'Stationsstraat', true,
                        ST_SetSRID(ST_MakeLine(ST_Point(154750, 462890), ST_Point(155100, 462890)), 28992))""").update();
        // A circle of 720 vertices (radius 35 m) and a 3 x 3 m square, both well inside tile z16.
        jdbc.sql("""
                INSERT INTO constraint_area (source_id, kind, severity, name, geom) VALUES
                  ('tiles-it-c1', 'noise', 'soft', 'Geluidscontour', ST_Multi(ST_Buffer(ST_SetSRID(ST_Point(155050, 462920), 28992), 35, 180))),
                  ('tiles-it-c2', 'monument', 'hard', 'Waterpomp', ST_Multi(ST_MakeEnvelope(155060, 463100, 155063, 463103, 28992)))""").update();
        long scenarioId = jdbc.sql("""
                INSERT INTO scenario (slug, name, weights, params, results_version)
                VALUES (:s, 'Tiles IT', '{}', '{}', 1) RETURNING id""").param("s", SCENARIO).query(Long.class).single();
        jdbc.sql("""
                INSERT INTO parcel_result (scenario_id, parcel_id, run_id, existing_floor_area_m2, allowed_floor_area_m2,
                                           capacity_m2, extra_dwellings, score, score_class, walk_gp_m, walk_supermarket_m, walk_pt_m)
                SELECT :sid, p.id, 1, 100, 480, 380, 3.5, 42.5, 2, 250, 400, 150
                  FROM parcel p WHERE p.source_id LIKE 'tiles-it-%'""").param("sid", scenarioId).update();
        jdbc.sql("""
                INSERT INTO neighbourhood_result (scenario_id, neighbourhood_id, run_id, parcels, capacity_m2,
                                                  extra_dwellings, mean_score, parcels_per_class, ageing_fit)
                SELECT :sid, n.id, 1, 36, 13680, 126, 42.5, '{"2": 36}', 0.8
                  FROM neighbourhood n WHERE n.code = 'BU03070101'""").param("sid", scenarioId).update();
        // What ingest does after a load: bump each layer's version, then announce it.
        for (Layer layer : Layer.values()) {
            long v = jdbc.sql("UPDATE layer_state SET version = version + 1 WHERE layer = :l RETURNING version")
                    .param("l", layer.id()).query(Long.class).single();
            events.publishEvent(new LayerLoaded(layer.id(), 0, v));
        }
    }

    @Test
    void knownRdPointLandsAtItsHandWorkedTilePixel() throws Exception {
        Mvt.Layer layer = Mvt.decode(ok("/tiles/amenities/" + TILE_Z16 + ".mvt")).layer("amenities");
        assertThat(layer.extent()).isEqualTo(4096);
        assertThat(layer.features()).hasSize(1);
        Mvt.Feature gp = layer.features().get(0);
        assertThat(gp.type()).isEqualTo(1);
        assertThat(gp.properties()).containsEntry("type", "gp").containsEntry("name", "Huisarts De Kei");
        assertThat(gp.id()).isEqualTo(((Number) gp.properties().get("id")).longValue());
        // 2910.1, 2324.2 from the class comment, rounded to the tile grid.
        assertThat(gp.parts().get(0).get(0)).containsExactly(2910, 2324);
    }

    @Test
    void parcelTileHoldsTheGridUpToTheFeatureCap() throws Exception {
        Mvt mvt = Mvt.decode(ok("/tiles/parcels/" + TILE_Z16 + ".mvt"));
        assertThat(mvt.layers()).extracting(Mvt.Layer::name).containsExactly("parcels");
        // 36 parcels lie in the tile; infill.tiles.max-features=25 caps them.
        assertThat(mvt.layer("parcels").features()).hasSize(25).allSatisfy(f -> {
            assertThat(f.type()).isEqualTo(3);
            assertThat(f.properties()).containsOnlyKeys("id", "area_m2").containsEntry("area_m2", 400.0);
            // A 20 m square is 20 / 0.0918 m per unit = 218 units wide: 1.466 m per pixel / 16 units per pixel.
            int[] xs = f.parts().get(0).stream().mapToInt(p -> p[0]).toArray();
            assertThat(java.util.Arrays.stream(xs).max().getAsInt() - java.util.Arrays.stream(xs).min().getAsInt())
                    .isBetween(214, 222);
        });
    }

    @Test
    void everyCollectionFamilyCarriesTheAttributesTheMapNeeds() throws Exception {
        Map<String, List<String>> expected = Map.of(
                "buildings", List.of("id", "construction_year", "decade", "use", "storeys"),
                "zoning", List.of("id", "function", "max_height_m", "max_coverage", "max_fsi"),
                "neighbourhoods", List.of("id", "code", "name", "population", "pop_65plus_pct", "dwellings"),
                "streets", List.of("id", "class", "name", "walkable"),
                "constraints", List.of("id", "kind", "severity", "name"),
                "results-" + SCENARIO, List.of("parcel_id", "score", "score_class", "capacity_m2", "extra_dwellings",
                        "excluded", "no_zoning", "walk_gp_m", "walk_supermarket_m", "walk_pt_m"),
                "neighbourhood-results-" + SCENARIO, List.of("id", "code", "name", "population", "pop_65plus_pct",
                        "dwellings", "ageing_fit", "capacity_m2", "extra_dwellings", "mean_score"));
        for (var e : expected.entrySet()) {
            Mvt.Layer layer = Mvt.decode(ok("/tiles/" + e.getKey() + "/" + TILE_Z16 + ".mvt")).layer(e.getKey());
            assertThat(layer.features()).as(e.getKey()).isNotEmpty()
                    .allSatisfy(f -> assertThat(f.properties().keySet()).as(e.getKey())
                            .containsAll(e.getValue()));
        }
        Mvt.Feature building = Mvt.decode(ok("/tiles/buildings/" + TILE_Z16 + ".mvt")).layer("buildings").features().get(0);
        // 1974 falls in the decade 1970.
        assertThat(building.properties()).containsEntry("construction_year", 1974L).containsEntry("decade", 1970L)
                .containsEntry("use", "wonen").containsEntry("storeys", 3L);
        Mvt.Feature hood = Mvt.decode(ok("/tiles/neighbourhood-results-" + SCENARIO + "/" + TILE_Z16 + ".mvt"))
                .layer("neighbourhood-results-" + SCENARIO).features().get(0);
        assertThat(hood.properties()).containsEntry("code", "BU03070101").containsEntry("ageing_fit", 0.8)
                .containsEntry("pop_65plus_pct", 24.5).containsEntry("extra_dwellings", 126.0);
        Mvt.Feature street = Mvt.decode(ok("/tiles/streets/" + TILE_Z16 + ".mvt")).layer("streets").features().get(0);
        assertThat(street.type()).isEqualTo(2);
        assertThat(street.properties()).containsEntry("class", "minor").containsEntry("walkable", true);
    }

    @Test
    void lowZoomSimplifiesTheCircleAndSkipsTinyPolygons() throws Exception {
        Mvt.Layer z16 = Mvt.decode(ok("/tiles/constraints/" + TILE_Z16 + ".mvt")).layer("constraints");
        Mvt.Layer z13 = Mvt.decode(ok("/tiles/constraints/" + TILE_Z13 + ".mvt")).layer("constraints");
        // z16: pixel 1.466 m, tolerance 0.25 px = 0.37 m, min size 0.5 px = 0.73 m: both polygons.
        // z13: pixel 11.73 m, tolerance 2.93 m, min size 5.9 m: the 3 m square is skipped.
        assertThat(z16.features()).extracting(f -> f.properties().get("kind")).containsExactlyInAnyOrder("noise", "monument");
        assertThat(z13.features()).extracting(f -> f.properties().get("kind")).containsExactly("noise");
        int detailed = z16.features().stream().filter(f -> f.properties().get("kind").equals("noise")).findFirst()
                .orElseThrow().vertexCount();
        int simplified = z13.features().get(0).vertexCount();
        // A circle of radius r kept within tolerance t needs about pi / acos(1 - t / r) vertices:
        // z16: pi / acos(1 - 0.37 / 35) = 22; z13: pi / acos(1 - 2.93 / 35) = 8 (of 720 stored).
        assertThat(detailed).isBetween(15, 60);
        assertThat(simplified).isBetween(4, 14).isLessThan(detailed);
    }

    @Test
    void beyondTheCapTheSmallestFeaturesAreLeftOut() throws Exception {
        // A 40 x 40 m parcel beside the grid of 36 squares of 20 m; the cap (25) keeps it first.
        jdbc.sql("""
                INSERT INTO parcel (source_id, municipality, area_m2, geom)
                VALUES ('tiles-it-big', 'GM0307', 1600, ST_Multi(ST_MakeEnvelope(154940, 462900, 154980, 462940, 28992)))""")
                .update();
        bumpAndAnnounce(Layer.PARCELS);
        List<Mvt.Feature> features = Mvt.decode(ok("/tiles/parcels/" + TILE_Z16 + ".mvt")).layer("parcels").features();
        assertThat(features).hasSize(25);
        assertThat(features).filteredOn(f -> f.properties().get("area_m2").equals(1600.0)).hasSize(1);
    }

    @Test
    void resultsTileRoundsFiguresToWhatTheMapShows() throws Exception {
        long scenarioId = jdbc.sql("SELECT id FROM scenario WHERE slug = :s").param("s", SCENARIO).query(Long.class).single();
        jdbc.sql("""
                UPDATE parcel_result SET score = 42.4567, capacity_m2 = 380.4, extra_dwellings = 3.1666,
                       walk_gp_m = 250.6, walk_supermarket_m = 399.49, walk_pt_m = 150.7
                 WHERE scenario_id = :sid""").param("sid", scenarioId).update();
        long rv = jdbc.sql("UPDATE scenario SET results_version = results_version + 1 WHERE id = :sid RETURNING results_version")
                .param("sid", scenarioId).query(Long.class).single();
        events.publishEvent(new AnalysisCompleted(scenarioId, SCENARIO, 2, rv));
        Mvt.Layer layer = Mvt.decode(ok("/tiles/results-" + SCENARIO + "/" + TILE_Z16 + ".mvt")).layer("results-" + SCENARIO);
        // Score and dwellings to 0.1, square and walking metres to whole numbers.
        assertThat(layer.features()).isNotEmpty().allSatisfy(f -> assertThat(f.properties())
                .containsEntry("score", 42.5).containsEntry("extra_dwellings", 3.2)
                .containsEntry("capacity_m2", 380L).containsEntry("walk_gp_m", 251L)
                .containsEntry("walk_supermarket_m", 399L).containsEntry("walk_pt_m", 151L));
    }

    @Test
    @SuppressWarnings("unchecked")
    void resultsTileCriteriaComeBesideItExactAndForEveryParcelItDraws() throws Exception {
        long scenarioId = jdbc.sql("SELECT id FROM scenario WHERE slug = :s").param("s", SCENARIO).query(Long.class).single();
        // doubles that only an exact round trip keeps (17 significant digits)
        jdbc.sql("UPDATE parcel_result SET scaled = ARRAY[0.1::float8 + 0.2::float8, 1.0 / 3, 0, 1, 2.0 / 3, 0.123456789012345678, NULL]::float8[] "
                + "WHERE scenario_id = :sid").param("sid", scenarioId).update();
        long rv = jdbc.sql("UPDATE scenario SET results_version = results_version + 1 WHERE id = :sid RETURNING results_version")
                .param("sid", scenarioId).query(Long.class).single();
        events.publishEvent(new AnalysisCompleted(scenarioId, SCENARIO, 2, rv));
        String v = version("results-" + SCENARIO);
        String tilePath = "/tiles/results-" + SCENARIO + "/" + TILE_Z16;
        // the results TileJSON says where they are; other collections have none
        assertThat(json.readValue(ok("/tiles/results-" + SCENARIO + ".json"), Map.class).get("criteria")).isEqualTo(
                "http://localhost:" + port + "/tiles/results-" + SCENARIO + "/{z}/{x}/{y}.criteria?v=" + v);
        assertThat(json.readValue(ok("/tiles/buildings.json"), Map.class)).doesNotContainKey("criteria");
        Mvt.Layer tile = Mvt.decode(ok(tilePath + ".mvt?v=" + v)).layer("results-" + SCENARIO);
        assertThat(tile.features()).isNotEmpty().allSatisfy(f -> assertThat(f.properties().keySet())
                .as("the tile leaves the criteria out").noneMatch(k -> k.startsWith("v_")));

        HttpResponse<byte[]> r = get(tilePath + ".criteria?v=" + v, "Accept-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("immutable"));
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).contains("-criteria").isNotEqualTo(get(tilePath + ".mvt?v=" + v, "Accept-Encoding", "gzip")
                .headers().firstValue("ETag").orElseThrow());
        byte[] body = r.headers().firstValue("Content-Encoding").filter("gzip"::equals).isPresent()
                ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body())).readAllBytes() : r.body();
        List<List<Object>> rows = json.readValue(body, List.class);
        Map<Long, List<Object>> byId = new java.util.HashMap<>();
        rows.forEach(row -> byId.put(((Number) row.get(0)).longValue(), row));
        for (Mvt.Feature f : tile.features()) {
            List<Object> row = byId.get(((Number) f.properties().get("parcel_id")).longValue());
            assertThat(row).as("criteria of parcel " + f.properties().get("parcel_id")).isNotNull().hasSize(10);
            assertThat(row.get(1)).isEqualTo(f.properties().get("excluded"));
            assertThat(((Number) row.get(3)).doubleValue()).isEqualTo(0.1 + 0.2);
            assertThat(((Number) row.get(4)).doubleValue()).isEqualTo(1.0 / 3);
            assertThat(((Number) row.get(8)).doubleValue()).isEqualTo(0.123456789012345678);
            assertThat(row.get(9)).isNull();
        }
        assertThat(get(tilePath + ".criteria?v=" + v, "If-None-Match", etag, "Accept-Encoding", "gzip").statusCode()).isEqualTo(304);
        // only results tiles have criteria beside them
        assertProblem("/tiles/buildings/" + TILE_Z16 + ".criteria", 404, "collection");
        assertProblem("/tiles/results-" + SCENARIO + "/99/0/0.criteria", 400, "z");
    }

    @Test
    void aPropertiesListKeepsOnlyThoseAttributesOfTheSameFeatures() throws Exception {
        String path = "/tiles/buildings/" + TILE_Z16 + ".mvt";
        HttpResponse<byte[]> all = get(path);
        List<Mvt.Feature> full = Mvt.decode(all.body()).layer("buildings").features();
        // empty: the footprints with their feature ids, no attribute (what the own basemap draws)
        HttpResponse<byte[]> bare = get(path + "?properties=");
        List<Mvt.Feature> footprints = Mvt.decode(bare.body()).layer("buildings").features();
        assertThat(footprints).hasSameSizeAs(full).isNotEmpty().allSatisfy(f -> assertThat(f.properties()).isEmpty());
        Map<Long, Mvt.Feature> byId = new java.util.HashMap<>();
        full.forEach(f -> byId.put(f.id(), f));
        for (Mvt.Feature f : footprints) {
            assertThat(byId).containsKey(f.id());
            assertThat(shape(f)).as("geometry of %d", f.id()).isEqualTo(shape(byId.get(f.id())));
        }
        assertThat(bare.body().length).isLessThan(all.body().length);
        // a list, in any order and with blanks: exactly those, with the values of the full tile
        for (Mvt.Feature f : Mvt.decode(ok(path + "?properties=" + enc("storeys, use,"))).layer("buildings").features()) {
            Map<String, Object> expected = new java.util.HashMap<>(byId.get(f.id()).properties());
            expected.keySet().retainAll(List.of("use", "storeys"));
            assertThat(f.properties()).isEqualTo(expected);
        }
        // its own representation: another ETag, cached apart from the full tile
        String etag = bare.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isNotEqualTo(all.headers().firstValue("ETag").orElseThrow());
        assertThat(get(path + "?properties=", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(Mvt.decode(ok(path)).layer("buildings").features().get(0).properties()).isNotEmpty();
        // every attribute named is the full tile
        assertThat(get(path + "?properties=" + enc("id,construction_year,decade,use,storeys")).headers()
                .firstValue("ETag")).isEqualTo(all.headers().firstValue("ETag"));
        // an attribute the collection does not have is a problem naming the parameter and what there is
        assertProblem(path + "?properties=" + enc("use,geom"), 400, "properties");
        assertProblem(path + "?properties=" + enc("\"use\"; DROP TABLE building"), 400, "properties");
        assertThat(new String(get(path + "?properties=height").body(), StandardCharsets.UTF_8))
                .contains("'height'").contains("construction_year");
    }

    @Test
    void belowTheCollectionMinZoomOrAwayFromDataTheTileIsEmpty() throws Exception {
        // buildings start at z13 (config/tiles.yml); z12 of the same spot is an empty tile.
        assertThat(ok("/tiles/buildings/12/2109/1350.mvt")).isEmpty();
        // Null Island has no data.
        assertThat(ok("/tiles/parcels/16/32768/32768.mvt")).isEmpty();
    }

    @Test
    void ifNoneMatchWithTheCurrentEtagGivesNotModified() throws Exception {
        HttpResponse<byte[]> first = get("/tiles/parcels/" + TILE_Z16 + ".mvt");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).startsWith("\"").endsWith("\"");
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/vnd.mapbox-vector-tile");
        HttpResponse<byte[]> again = get("/tiles/parcels/" + TILE_Z16 + ".mvt", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(get("/tiles/parcels/" + TILE_Z16 + ".mvt", "If-None-Match", "W/" + etag).statusCode()).isEqualTo(304);
        assertThat(get("/tiles/parcels/" + TILE_Z16 + ".mvt", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void gzipTileDecompressesToExactlyThePlainTile() throws Exception {
        String path = "/tiles/parcels/" + TILE_Z16 + ".mvt";
        // Plain first (rendered, cached gzipped, answered plain), then gzip (from the cache), then
        // plain again (from the cache, decompressed): the three bodies carry the same tile.
        HttpResponse<byte[]> plain = get(path);
        HttpResponse<byte[]> gzip = get(path, "Accept-Encoding", "gzip, deflate, br");
        HttpResponse<byte[]> plainAgain = get(path, "Accept-Encoding", "identity");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plainAgain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        for (HttpResponse<byte[]> r : List.of(plain, gzip, plainAgain)) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("Accept-Encoding"));
        }
        byte[] decompressed = new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes();
        assertThat(decompressed).isEqualTo(plain.body()).isEqualTo(plainAgain.body());
        // 25 squares of one size: the repeated geometry commands compress well below the plain size.
        assertThat(gzip.body().length).isLessThan(plain.body().length);
        assertThat(Mvt.decode(decompressed).layer("parcels").features()).hasSize(25);
    }

    @Test
    void gzipAndPlainTilesHaveTheirOwnStrongEtags() throws Exception {
        String path = "/tiles/parcels/" + TILE_Z16 + ".mvt";
        String plainEtag = get(path).headers().firstValue("ETag").orElseThrow();
        String gzipEtag = get(path, "Accept-Encoding", "gzip").headers().firstValue("ETag").orElseThrow();
        assertThat(gzipEtag).isNotEqualTo(plainEtag).startsWith("\"").endsWith("\"");
        HttpResponse<byte[]> revalidated = get(path, "Accept-Encoding", "gzip", "If-None-Match", gzipEtag);
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.headers().firstValue("ETag")).hasValue(gzipEtag);
        // The plain tile's tag does not validate the gzip representation, nor the other way round.
        assertThat(get(path, "Accept-Encoding", "gzip", "If-None-Match", plainEtag).statusCode()).isEqualTo(200);
        assertThat(get(path, "If-None-Match", gzipEtag).statusCode()).isEqualTo(200);
        assertThat(get(path, "If-None-Match", plainEtag).statusCode()).isEqualTo(304);
    }

    @Test
    void emptyTileStaysPlainForAGzipClient() throws Exception {
        HttpResponse<byte[]> r = get("/tiles/parcels/16/32768/32768.mvt", "Accept-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void versionedUrlIsCacheableAndUnversionedOneRevalidates() throws Exception {
        String v = version("parcels");
        assertThat(get("/tiles/parcels/" + TILE_Z16 + ".mvt?v=" + v).headers().firstValue("Cache-Control").orElseThrow())
                .contains("public").contains("max-age=86400").contains("immutable");
        assertThat(get("/tiles/parcels/" + TILE_Z16 + ".mvt").headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(get("/tiles/parcels/" + TILE_Z16 + ".mvt?v=l0").headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    @Test
    void newResultsChangeTheTileUrlTheEtagAndTheContent() throws Exception {
        String v1 = version("results-" + SCENARIO);
        String path = "/tiles/results-" + SCENARIO + "/" + TILE_Z16 + ".mvt";
        HttpResponse<byte[]> before = get(path + "?v=" + v1);
        String etag1 = before.headers().firstValue("ETag").orElseThrow();
        assertThat(Mvt.decode(before.body()).layer("results-" + SCENARIO).features())
                .allSatisfy(f -> assertThat(f.properties()).containsEntry("score_class", 2L).containsEntry("score", 42.5));

        // A run commits new results and bumps results_version in the same transaction, then announces it.
        long scenarioId = jdbc.sql("SELECT id FROM scenario WHERE slug = :s").param("s", SCENARIO).query(Long.class).single();
        jdbc.sql("UPDATE parcel_result SET score = 91, score_class = 5 WHERE scenario_id = :sid").param("sid", scenarioId).update();
        long rv = jdbc.sql("UPDATE scenario SET results_version = results_version + 1 WHERE id = :sid RETURNING results_version")
                .param("sid", scenarioId).query(Long.class).single();
        events.publishEvent(new AnalysisCompleted(scenarioId, SCENARIO, 2, rv));

        String v2 = version("results-" + SCENARIO);
        assertThat(v2).isNotEqualTo(v1);
        HttpResponse<byte[]> after = get(path + "?v=" + v1, "If-None-Match", etag1);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag1);
        assertThat(after.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(after.body()).isNotEqualTo(before.body());
        assertThat(Mvt.decode(get(path + "?v=" + v2).body()).layer("results-" + SCENARIO).features()).hasSize(25)
                .allSatisfy(f -> assertThat(f.properties()).containsEntry("score_class", 5L).containsEntry("score", 91.0));
    }

    @Test
    void reloadedLayerChangesItsTilesAndTheResultsDrawnOnIt() throws Exception {
        String parcelsV1 = version("parcels");
        String resultsV1 = version("results-" + SCENARIO);
        String path = "/tiles/parcels/" + TILE_Z16 + ".mvt";
        String etag1 = get(path + "?v=" + parcelsV1).headers().firstValue("ETag").orElseThrow();

        jdbc.sql("UPDATE parcel SET area_m2 = 401.5 WHERE source_id LIKE 'tiles-it-%'").update();
        long v = jdbc.sql("UPDATE layer_state SET version = version + 1 WHERE layer = 'parcels' RETURNING version")
                .query(Long.class).single();
        events.publishEvent(new LayerLoaded("parcels", 0, v));

        assertThat(version("parcels")).isNotEqualTo(parcelsV1);
        assertThat(version("results-" + SCENARIO)).isNotEqualTo(resultsV1);
        HttpResponse<byte[]> after = get(path + "?v=" + parcelsV1, "If-None-Match", etag1);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag1);
        assertThat(Mvt.decode(after.body()).layer("parcels").features())
                .allSatisfy(f -> assertThat(f.properties()).containsEntry("area_m2", 401.5));
    }

    @Test
    void directDatabaseChangeWithoutEventReachesTilesWithinTheVersionTtl() throws Exception {
        String v1 = version("amenities");
        String path = "/tiles/amenities/" + TILE_Z16 + ".mvt";
        assertThat(Mvt.decode(ok(path)).layer("amenities").features().get(0).properties()).containsEntry("name", "Huisarts De Kei");
        // Another instance (or psql) loads data: no event reaches this instance.
        jdbc.sql("UPDATE amenity SET name = 'Gezondheidscentrum' WHERE source_id = 'tiles-it-a1'").update();
        jdbc.sql("UPDATE layer_state SET version = version + 1 WHERE layer = 'amenities'").update();
        // version-ttl is 300 ms in this test; poll for up to 5 s.
        String v2 = v1;
        for (int i = 0; i < 50 && v2.equals(v1); i++) {
            Thread.sleep(100);
            v2 = version("amenities");
        }
        assertThat(v2).isNotEqualTo(v1);
        assertThat(Mvt.decode(ok(path + "?v=" + v2)).layer("amenities").features().get(0).properties())
                .containsEntry("name", "Gezondheidscentrum");
    }

    @Test
    void tileJsonDescribesTheCollection() throws Exception {
        Map<?, ?> doc = json.readValue(ok("/tiles/parcels.json"), Map.class);
        assertThat(doc.get("tilejson")).isEqualTo("3.0.0");
        assertThat((List<?>) doc.get("tiles")).singleElement().asString()
                .isEqualTo("http://localhost:" + port + "/tiles/parcels/{z}/{x}/{y}.mvt?v=" + version("parcels"));
        assertThat(doc.get("minzoom")).isEqualTo(13);
        assertThat(doc.get("maxzoom")).isEqualTo(22);
        List<?> bounds = (List<?>) doc.get("bounds");
        // The extent holds at least the grid around lon 5.385, lat 52.155.
        assertThat(((Number) bounds.get(0)).doubleValue()).isLessThan(5.385);
        assertThat(((Number) bounds.get(3)).doubleValue()).isGreaterThan(52.155);
        assertThat((List<?>) doc.get("center")).hasSize(3);
        Map<?, ?> layer = (Map<?, ?>) ((List<?>) doc.get("vector_layers")).get(0);
        assertThat(layer.get("id")).isEqualTo("parcels");
        assertThat(List.copyOf(((Map<?, ?>) layer.get("fields")).keySet())).asString().isIn("[id, area_m2]", "[area_m2, id]");
    }

    @Test
    void tileIndexListsLayersAndScenarioCollections() throws Exception {
        Map<?, ?> doc = json.readValue(ok("/tiles"), Map.class);
        List<String> ids = ((List<?>) doc.get("collections")).stream().map(c -> (String) ((Map<?, ?>) c).get("id")).toList();
        assertThat(ids).containsAll(Layer.ids()).contains("results-" + SCENARIO, "neighbourhood-results-" + SCENARIO);
        assertThat(ok("/tiles/results-" + SCENARIO + ".json")).isNotEmpty();
    }

    @Test
    void outOfRangeTileCoordinatesAreProblemsNamingTheParameter() throws Exception {
        assertProblem("/tiles/parcels/23/0/0.mvt", 400, "z");
        assertProblem("/tiles/parcels/abc/0/0.mvt", 400, "z");
        // At z2 x and y run 0..3.
        assertProblem("/tiles/parcels/2/4/0.mvt", 400, "x");
        assertProblem("/tiles/parcels/2/0/4.mvt", 400, "y");
        assertProblem("/tiles/parcels/2/0/-1.mvt", 400, "y");
        assertProblem("/tiles/parcels/2/0/0.mvt?v=" + enc("l1' OR '1'='1"), 400, "v");
    }

    @Test
    void unknownCollectionIsNotFound() throws Exception {
        assertProblem("/tiles/roads/16/33748/21601.mvt", 404, "collection");
        assertProblem("/tiles/results-no-such-scenario/16/33748/21601.mvt", 404, "collection");
        assertProblem("/tiles/roads.json", 404, "collection");
    }

    @Test
    void sqlInjectionPayloadsHaveNoEffect() throws Exception {
        long parcels = jdbc.sql("SELECT count(*) FROM parcel").query(Long.class).single();
        assertProblem("/tiles/" + enc("parcels'; DROP TABLE parcel; --") + "/16/33748/21601.mvt", 404, "collection");
        assertProblem("/tiles/" + enc("results-x' OR 1=1 --") + "/16/33748/21601.mvt", 404, "collection");
        assertProblem("/tiles/parcels/" + enc("16; DROP TABLE parcel") + "/33748/21601.mvt", 400, "z");
        assertProblem("/tiles/parcels/16/" + enc("1 OR 1=1") + "/21601.mvt", 400, "x");
        assertProblem("/tiles/parcels/16/33748/" + enc("21601)--") + ".mvt", 400, "y");
        assertProblem("/tiles/parcels/16/33748/21601.mvt?v=" + enc("1;DELETE FROM parcel"), 400, "v");
        assertThat(jdbc.sql("SELECT count(*) FROM parcel").query(Long.class).single()).isEqualTo(parcels);
    }

    /** What ingest does after a load: bump the layer's version, then announce it. */
    private void bumpAndAnnounce(Layer layer) {
        long v = jdbc.sql("UPDATE layer_state SET version = version + 1 WHERE layer = :l RETURNING version")
                .param("l", layer.id()).query(Long.class).single();
        events.publishEvent(new LayerLoaded(layer.id(), 0, v));
    }

    private String version(String collection) throws Exception {
        Map<?, ?> doc = json.readValue(ok("/tiles/" + collection + ".json"), Map.class);
        String url = (String) ((List<?>) doc.get("tiles")).get(0);
        return url.substring(url.indexOf("?v=") + 3);
    }

    private static String shape(Mvt.Feature f) {
        return f.type() + f.parts().stream().map(p -> p.stream().map(java.util.Arrays::toString).toList().toString()).toList().toString();
    }

    private void assertProblem(String path, int status, String where) throws Exception {
        HttpResponse<byte[]> r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        Map<?, ?> problem = json.readValue(r.body(), Map.class);
        assertThat(problem.get("where")).as(path).isEqualTo(where);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("SELECT", "Exception", "ST_");
    }

    private byte[] ok(String path) throws Exception {
        HttpResponse<byte[]> r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
