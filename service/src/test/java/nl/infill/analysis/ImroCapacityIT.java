package nl.infill.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import nl.infill.support.SharedData;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.LinkedMultiValueMap;

/**
 * The Nijkerk plan uploaded through the load API with preset imro, then parcels drawn on its
 * zoning: capacity from the Bouwvlak's Maatvoering, an explanation naming the IMRO objects, and a
 * Bouwvlak whose height is not on the map giving an unknown capacity unless a scenario assumes one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImroCapacityIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    AnalysisFixtures fx;

    @BeforeEach
    void nijkerkPlanLoadedThroughTheApi() {
        Path plan = SharedData.file("imro/NL.IMRO.0267.BP0174-0001.gml");
        fx = new AnalysisFixtures(jdbc, port);
        fx.clearLayers();
        var parts = new LinkedMultiValueMap<String, Object>();
        parts.add("file", new FileSystemResource(plan));
        parts.add("preset", "imro");
        @SuppressWarnings("unchecked")
        Map<String, Object> report = fx.http().post().uri("/api/layers/zoning/loads")
                .contentType(MediaType.MULTIPART_FORM_DATA).body(parts).retrieve().body(Map.class);
        assertThat(report.get("status")).isEqualTo("succeeded");
        @SuppressWarnings("unchecked")
        Map<String, Object> planReport = (Map<String, Object>) report.get("plan");
        assertThat(planReport.get("planId")).isEqualTo("NL.IMRO.0267.BP0174-0001");
        assertThat(Files.exists(plan)).isTrue();
    }

    @Test
    void uploadOfGmlThatIsNotAnImroPlanIsProblemJsonAndLeavesTheZoningAsItWas() {
        Path brk = SharedData.file("brk-sample/kadastralekaart_perceel.gml");
        long before = jdbc.sql("SELECT count(*) FROM zoning").query(Long.class).single();
        String version = jdbc.sql("SELECT version::text FROM layer_state WHERE layer = 'zoning'").query(String.class).single();
        var parts = new LinkedMultiValueMap<String, Object>();
        parts.add("file", new FileSystemResource(brk));
        parts.add("preset", "imro");
        var answer = fx.http().post().uri("/api/layers/zoning/loads").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(parts).exchange((req, res) -> Map.of("status", res.getStatusCode().value(),
                        "type", String.valueOf(res.getHeaders().getContentType()),
                        "body", new String(res.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(answer.get("status")).isEqualTo(422);
        assertThat(answer.get("type")).isEqualTo("application/problem+json");
        assertThat((String) answer.get("body")).contains("Unknown namespace").contains("kadaster.nl")
                .contains("\"where\":\"root element DKK\"");
        assertThat(jdbc.sql("SELECT count(*) FROM zoning").query(Long.class).single()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT version::text FROM layer_state WHERE layer = 'zoning'").query(String.class).single())
                .isEqualTo(version);
    }

    /** A parcel drawn as exactly one zoning part (chosen by the SQL condition), returns {id, part's values}. */
    private Map<String, Object> parcelOnPart(String condition) {
        Map<String, Object> part = jdbc.sql("""
                SELECT z.id, ST_Area(z.geom) AS area, z.max_height_m, z.max_coverage, z.max_storeys, z.rules
                  FROM zoning z
                 WHERE z.building_allowed AND ST_Area(z.geom) > 100 AND ST_NumGeometries(z.geom) = 1
                   AND NOT EXISTS (SELECT 1 FROM constraint_area c WHERE ST_Intersects(c.geom, z.geom))
                   AND NOT EXISTS (SELECT 1 FROM zoning o WHERE o.id <> z.id AND o.building_allowed
                                   AND ST_Intersects(ST_Buffer(z.geom, -0.05), o.geom))
                   AND\s""" + condition + " ORDER BY z.id LIMIT 1").query().singleRow();
        // shrunk by 5 cm so that the neighbouring parts only touch it
        long id = jdbc.sql("INSERT INTO parcel (source_id, area_m2, geom) SELECT 'NIJKERK-' || :id, "
                        + "ST_Area(ST_Buffer(geom, -0.05)), ST_Multi(ST_Buffer(geom, -0.05)) FROM zoning WHERE id = :id "
                        + "RETURNING id")
                .param("id", part.get("id")).query(Long.class).single();
        part.put("parcel", id);
        part.put("parcelArea", jdbc.sql("SELECT area_m2 FROM parcel WHERE id = :id").param("id", id)
                .query(Double.class).single());
        return part;
    }

    @Test
    @SuppressWarnings("unchecked")
    void parcelInsideABouwvlakGetsItsCapacityFromTheMaatvoeringAndTheExplanationNamesIt() {
        Map<String, Object> part = parcelOnPart("z.max_height_m IS NOT NULL AND z.max_storeys IS NULL");
        fx.bumpVersions();
        fx.scenario("imro-known", AnalysisFixtures.capacityOnly(), Map.of());
        assertThat(fx.runAndWait("imro-known").get("status")).isEqualTo("succeeded");

        Map<String, Object> r = fx.result("imro-known", (Long) part.get("parcel"));
        double h = (Double) part.get("max_height_m");
        double cov = (Double) part.get("max_coverage");
        double area = (Double) part.get("parcelArea");
        // allowed = coverage x A x floor(H / 3 m storeys); no buildings, so all of it is capacity
        double allowed = cov * area * Math.floor(h / 3.0);
        assertThat(((Number) r.get("allowedFloorAreaM2")).doubleValue()).isCloseTo(allowed, within(allowed * 1e-6));
        assertThat(((Number) r.get("capacityM2")).doubleValue()).isCloseTo(allowed, within(allowed * 1e-6));
        List<Map<String, Object>> zoning = (List<Map<String, Object>>) r.get("zoning");
        assertThat(zoning).hasSize(1);
        String heightId = jdbc.sql("SELECT r ->> 'id' FROM zoning, jsonb_array_elements(rules::jsonb) r "
                + "WHERE id = :id AND r ->> 'rule' = 'max_height_m'").param("id", part.get("id")).query(String.class).single();
        assertThat(heightId).startsWith("NL.IMRO.");
        String value = h == Math.rint(h) ? String.valueOf((long) h) : String.valueOf(h);
        assertThat((String) zoning.get(0).get("sentenceEn")).contains("max " + value + " m from Maatvoering " + heightId)
                .contains("inside Bouwvlak NL.IMRO.").contains("(Enkelbestemming NL.IMRO.");
        assertThat((String) zoning.get(0).get("sentence")).contains("max " + value.replace('.', ',') + " m uit Maatvoering " + heightId);
        assertThat((List<Map<String, Object>>) zoning.get(0).get("rules"))
                .anySatisfy(rule -> assertThat(rule).containsEntry("rule", "max_height_m").containsEntry("id", heightId));
    }

    @Test
    @SuppressWarnings("unchecked")
    void bouwvlakWithoutAHeightOnTheMapHasUnknownCapacityUnlessTheScenarioAssumesOne() {
        Map<String, Object> part = parcelOnPart("z.height_unknown AND z.max_storeys IS NULL");
        fx.bumpVersions();
        fx.scenario("imro-unknown", AnalysisFixtures.capacityOnly(), Map.of());
        fx.scenario("imro-assumed", AnalysisFixtures.capacityOnly(), Map.of("assumedHeightM", 9));
        assertThat(fx.runAndWait("imro-unknown").get("status")).isEqualTo("succeeded");
        assertThat(fx.runAndWait("imro-assumed").get("status")).isEqualTo("succeeded");

        Map<String, Object> unknown = fx.result("imro-unknown", (Long) part.get("parcel"));
        assertThat(unknown.get("allowedFloorAreaM2")).isNull();
        assertThat(unknown.get("noZoning")).isEqualTo(false);
        List<Map<String, Object>> criteria = (List<Map<String, Object>>) unknown.get("criteria");
        assertThat((String) criteria.get(0).get("sentenceEn")).startsWith("Height unknown");
        List<Map<String, Object>> zoning = (List<Map<String, Object>>) unknown.get("zoning");
        assertThat(zoning.get(0).get("heightUnknown")).isEqualTo(true);
        assertThat((String) zoning.get(0).get("sentenceEn")).contains("height unknown: not on the map");

        Map<String, Object> assumed = fx.result("imro-assumed", (Long) part.get("parcel"));
        double cov = (Double) part.get("max_coverage");
        double area = (Double) part.get("parcelArea");
        // 9 m assumed = floor(9 / 3) = 3 storeys over the coverage
        assertThat(((Number) assumed.get("allowedFloorAreaM2")).doubleValue()).isCloseTo(cov * area * 3, within(1e-3));
        List<Map<String, Object>> ac = (List<Map<String, Object>>) assumed.get("criteria");
        assertThat((String) ac.get(0).get("sentenceEn")).contains("The scenario assumes a height of 9");
        assertThat((String) ((List<Map<String, Object>>) assumed.get("zoning")).get(0).get("sentenceEn"))
                .contains("assumed 9");
    }
}
