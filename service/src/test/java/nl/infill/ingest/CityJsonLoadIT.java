package nl.infill.ingest;

import static nl.infill.ingest.IngestFixtures.assertUnchanged;
import static nl.infill.ingest.IngestFixtures.collection;
import static nl.infill.ingest.IngestFixtures.rdCrs;
import static nl.infill.ingest.IngestFixtures.sharedData;
import static nl.infill.ingest.IngestFixtures.snapshot;
import static nl.infill.ingest.IngestFixtures.square;
import static nl.infill.ingest.IngestFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import nl.infill.layers.Layer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CityJSON through the whole load: the real 3D BAG tile with preset {@code 3dbag} (footprints
 * against an independent computation from the file, heights, ids), and broken CityJSON uploads
 * answered with problem+json while the layer stays as it was.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CityJsonLoadIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TILE = "3dbag/3dbag_delft_tile_5910_v210908.city.json";

    @LocalServerPort
    int port;
    @Autowired
    Loader loader;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    /** Per BAG id (16 digits): LoD 0 area by the shoelace formula on the transformed vertices, and h_dak_70p - h_maaiveld. */
    record Reference(Map<String, Double> area, Map<String, Double> height) {
    }

    /** Computed straight from the file with a plain JSON parse: no code of the reader is shared. */
    private static Reference reference(Path file) throws Exception {
        JsonNode root = JSON.readTree(Files.readAllBytes(file));
        JsonNode v = root.get("vertices");
        double[] s = {root.at("/transform/scale/0").doubleValue(), root.at("/transform/scale/1").doubleValue()};
        double[] t = {root.at("/transform/translate/0").doubleValue(), root.at("/transform/translate/1").doubleValue()};
        Map<String, Double> area = new HashMap<>();
        Map<String, Double> height = new HashMap<>();
        for (var e : root.get("CityObjects").properties()) {
            JsonNode o = e.getValue();
            if (!"Building".equals(o.path("type").asString())) {
                continue;
            }
            String id = o.at("/attributes/identificatie").asString().replace("NL.IMBAG.Pand.", "");
            double a = 0;
            for (JsonNode g : o.path("geometry").values()) {
                if (g.path("lod").asDouble() != 0) {
                    continue;
                }
                for (JsonNode surface : g.get("boundaries").values()) {
                    for (int r = 0; r < surface.size(); r++) {
                        JsonNode ring = surface.get(r);
                        double twice = 0;
                        for (int i = 0; i < ring.size(); i++) {
                            JsonNode p = v.get(ring.get(i).asInt());
                            JsonNode q = v.get(ring.get((i + 1) % ring.size()).asInt());
                            double px = p.get(0).asLong() * s[0] + t[0];
                            double py = p.get(1).asLong() * s[1] + t[1];
                            double qx = q.get(0).asLong() * s[0] + t[0];
                            double qy = q.get(1).asLong() * s[1] + t[1];
                            twice += px * qy - qx * py;
                        }
                        // the outer ring counts, holes (rings after the first) are taken off
                        a += (r == 0 ? 1 : -1) * Math.abs(twice) / 2;
                    }
                }
            }
            area.put(id, a);
            JsonNode roof = o.at("/attributes/h_dak_70p");
            JsonNode ground = o.at("/attributes/h_maaiveld");
            if (roof.isNumber() && ground.isNumber()) {
                height.put(id, roof.doubleValue() - ground.doubleValue());
            }
        }
        return new Reference(area, height);
    }

    @Test
    void real3dBagTileLoadsItsFourHundredThirtyTwoBuildingsWithFootprintsAsTheFileHasThem() throws Exception {
        Path tile = sharedData(TILE);
        LoadReport r = loader.load(new LoadRequest("buildings", tile, tile.getFileName().toString(), "3dbag", null, null, null));
        // SOURCES.md: 432 buildings; their 430 BuildingParts are folded into them, not features of their own
        assertThat(r.format()).isEqualTo("cityjson");
        assertThat(r.crs()).isEqualTo("EPSG:28992");
        assertThat(r.read()).isEqualTo(432);
        assertThat(r.loaded()).isEqualTo(432);
        assertThat(r.rejected()).isZero();

        Reference ref = reference(tile);
        assertThat(ref.area()).hasSize(432);
        Map<String, Double> loaded = new HashMap<>();
        jdbc.sql("SELECT source_id, ST_Area(geom) AS a FROM building WHERE load_id = :id").param("id", r.id())
                .query((rs, i) -> loaded.put(rs.getString(1), rs.getDouble(2))).list();
        assertThat(loaded.keySet()).isEqualTo(ref.area().keySet());
        List<String> off = new ArrayList<>();
        ref.area().forEach((id, a) -> {
            if (Math.abs(loaded.get(id) - a) > 0.01) {
                off.add(id + ": " + loaded.get(id) + " vs " + a);
            }
        });
        assertThat(off).as("footprints whose area differs from the file's LoD 0 by more than 0.01 m2").isEmpty();
        double total = ref.area().values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(loaded.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(total, within(0.5));

        // heights: h_dak_70p - h_maaiveld per building; 3 buildings have no roof points (dak_type 'no points')
        Map<String, Object> h = jdbc.sql("""
                SELECT count(height_m) AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY height_m) AS median,
                       max(height_m) AS max, count(*) FILTER (WHERE storeys IS NULL) AS no_storeys,
                       count(*) FILTER (WHERE source_id !~ '^[0-9]{16}$') AS bad_ids,
                       count(*) FILTER (WHERE construction_year IS NULL) AS no_year,
                       count(DISTINCT roof_type) AS roof_types
                  FROM building WHERE load_id = :id""").param("id", r.id()).query().singleRow();
        assertThat(((Number) h.get("n")).intValue()).isEqualTo(ref.height().size()).isEqualTo(429);
        // median 6.0 m and max 21.5 m of the 70th percentile (computed from the file above; SOURCES.md's
        // 6.2 / 52.8 m are of h_dak_max, checked in the next test)
        double median = ref.height().values().stream().sorted().skip(214).findFirst().orElseThrow();
        assertThat((Double) h.get("median")).isCloseTo(median, within(1e-6)).isCloseTo(6.0, within(0.05));
        assertThat((Double) h.get("max")).isCloseTo(21.49, within(0.01));
        assertThat(((Number) h.get("no_storeys")).intValue()).isEqualTo(3);
        assertThat(((Number) h.get("bad_ids")).intValue()).isZero();
        assertThat(((Number) h.get("no_year")).intValue()).isZero();
        assertThat(((Number) h.get("roof_types")).intValue()).isEqualTo(4);
        // one building by hand: NL.IMBAG.Pand.0503100000004247, h_dak_70p 6.88 - h_maaiveld -0.61 = 7.49 m,
        // 7.49 / 3 = 2.497 -> 2 storeys, built 1951, slanted roof
        Map<String, Object> one = jdbc.sql("SELECT height_m, storeys, construction_year, roof_type FROM building "
                + "WHERE source_id = '0503100000004247'").query().singleRow();
        assertThat((Double) one.get("height_m")).isCloseTo(7.49, within(1e-5));
        assertThat(one).containsEntry("construction_year", 1951).containsEntry("roof_type", "slanted");
        assertThat(((Number) one.get("storeys")).intValue()).isEqualTo(2);
    }

    @Test
    void mappingWithTheRoofMaximumGivesTheHeightsOfSourcesMd() {
        Path tile = sharedData(TILE);
        String mapping = """
                {"filter": {"attribute": "cityobject_type", "equals": "Building"},
                 "columns": {"source_id": {"from": "identificatie", "stripPrefix": "NL.IMBAG.Pand."},
                             "height_m": {"from": ["b3_h_dak_max", "h_dak_max"], "minus": ["b3_h_maaiveld", "h_maaiveld"]}}}""";
        LoadReport r = loader.load(new LoadRequest("buildings", tile, "tile.city.json", null, mapping, null, null));
        Map<String, Object> h = jdbc.sql("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY height_m) AS median, "
                + "max(height_m) AS max FROM building WHERE load_id = :id").param("id", r.id()).query().singleRow();
        // SOURCES.md: height above ground median 6.2 m, max 52.8 m
        assertThat((Double) h.get("median")).isCloseTo(6.2, within(0.05));
        assertThat((Double) h.get("max")).isCloseTo(52.8, within(0.05));
    }

    record Response(int status, String contentType, JsonNode body) {
    }

    private Response upload(String name, String content) {
        var parts = new LinkedMultiValueMap<String, Object>();
        parts.add("file", new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return name;
            }
        });
        parts.add("preset", "3dbag");
        return RestClient.create("http://localhost:" + port).post().uri("/api/layers/buildings/loads")
                .headers(h -> h.setBasicAuth("editor", "editor"))
                .contentType(MediaType.MULTIPART_FORM_DATA).body(parts)
                .exchange((req, res) -> new Response(res.getStatusCode().value(),
                        String.valueOf(res.getHeaders().getContentType()), JSON.readTree(res.getBody().readAllBytes())), true);
    }

    private static final String TRANSFORM = "\"transform\":{\"scale\":[0.001,0.001,0.001],\"translate\":[85000,446000,0]}";

    private void failsLeavingTheLayer(String name, String content, String where, String message) {
        Path good = write(dir, "b.geojson", collection(rdCrs(), square(94000, 451000, 10, "{}")));
        loader.load(new LoadRequest("buildings", good, "b.geojson", null, null, null, null));
        IngestFixtures.Snapshot before = snapshot(jdbc, Layer.BUILDINGS);
        Response r = upload(name, content);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        assertThat(r.body().path("where").asString()).matches(where);
        assertThat(r.body().path("detail").asString()).contains(message);
        assertThat(r.body().path("loadId").isNumber()).isTrue();
        assertUnchanged(jdbc, Layer.BUILDINGS, before);
    }

    @Test
    void vertexIndexOutOfRangeIsAProblemNamingTheObjectAndTheLayerStays() {
        failsLeavingTheLayer("bad.city.json", "{\"type\":\"CityJSON\",\"version\":\"1.1\"," + TRANSFORM + ","
                + "\"metadata\":{\"referenceSystem\":\"https://www.opengis.net/def/crs/EPSG/0/7415\"},"
                + "\"CityObjects\":{\"NL.IMBAG.Pand.0503100000000001\":{\"type\":\"Building\",\"attributes\":{\"identificatie\":"
                + "\"NL.IMBAG.Pand.0503100000000001\"},\"geometry\":[{\"type\":\"MultiSurface\",\"lod\":\"0\","
                + "\"boundaries\":[[[0,1,2,4]]]}]}},\"vertices\":[[0,0,0],[1000,0,0],[1000,1000,0],[0,1000,0]]}",
                "\\QCityObjects['NL.IMBAG.Pand.0503100000000001'].geometry[0]\\E", "Vertex index 4 is out of range");
    }

    @Test
    void missingTransformIsAProblemAndTheLayerStays() {
        failsLeavingTheLayer("notransform.city.json", "{\"type\":\"CityJSON\",\"version\":\"2.0\",\"CityObjects\":{"
                + "\"b\":{\"type\":\"Building\",\"geometry\":[{\"type\":\"MultiSurface\",\"lod\":\"0\",\"boundaries\":[[[0,1,2]]]}]}},"
                + "\"vertices\":[[85000000,446000000,0],[85001000,446000000,0],[85001000,446001000,0]]}",
                "transform", "requires 'transform'");
    }

    @Test
    void truncatedCityJsonIsAProblemWithLineAndColumnAndTheLayerStays() throws Exception {
        String full = Files.readString(sharedData(TILE));
        failsLeavingTheLayer("cut.city.json", full.substring(0, full.length() / 2), "line \\d+, column \\d+", "not valid JSON");
    }
}
