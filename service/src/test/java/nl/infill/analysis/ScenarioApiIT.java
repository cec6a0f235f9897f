package nl.infill.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Scenario CRUD: validation problems name the field, weights are normalised, the default stays. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ScenarioApiIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Scenarios scenarios;

    AnalysisFixtures fx;

    @BeforeEach
    void setUp() {
        fx = new AnalysisFixtures(jdbc, port);
        fx.http().delete().uri("/api/scenarios/test-api").exchange((req, res) -> res.getStatusCode());
    }

    private Map.Entry<Integer, String> post(Map<String, Object> body) {
        return fx.http().post().uri("/api/scenarios").body(body)
                .exchange((req, res) -> Map.entry(res.getStatusCode().value(), new String(res.getBody().readAllBytes())));
    }

    private static Map<String, Object> body(Object weights, Object params) {
        Map<String, Object> m = new HashMap<>();
        m.put("slug", "test-api");
        m.put("name", "Test");
        m.put("weights", weights);
        m.put("params", params);
        return m;
    }

    @Test
    void weightsAreNormalisedToSumOneOnSave() {
        assertThat(post(body(Map.of("capacity", 3, "underuse", 1), Map.of())).getKey()).isEqualTo(201);
        @SuppressWarnings("unchecked")
        Map<String, Object> s = fx.http().get().uri("/api/scenarios/test-api").retrieve().body(Map.class);
        Map<?, ?> w = (Map<?, ?>) s.get("weights");
        // 3 / (3 + 1) = 0.75 and 1 / 4 = 0.25; criteria not given weigh 0
        assertThat(((Number) w.get("capacity")).doubleValue()).isCloseTo(0.75, within(1e-12));
        assertThat(((Number) w.get("underuse")).doubleValue()).isCloseTo(0.25, within(1e-12));
        assertThat(((Number) w.get("ageing")).doubleValue()).isZero();
        // params not given take the defaults
        assertThat(((Number) ((Map<?, ?>) s.get("params")).get("dwellingSizeM2")).doubleValue()).isEqualTo(90);
        assertThat(scenarios.bySlug("test-api")).isPresent();
    }

    @Test
    void negativeWeightIsAProblemNamingTheWeight() {
        var r = post(body(Map.of("capacity", -1, "underuse", 1), Map.of()));
        assertThat(r.getKey()).isEqualTo(422);
        assertThat(r.getValue()).contains("\"where\":\"weights.capacity\"").contains("0 or more");
    }

    @Test
    void allZeroWeightsAreAProblem() {
        var r = post(body(Map.of("capacity", 0), Map.of()));
        assertThat(r.getKey()).isEqualTo(422);
        assertThat(r.getValue()).contains("\"where\":\"weights\"").contains("At least one weight");
    }

    @Test
    void unknownCriterionAndOutOfRangeParamsNameTheField() {
        assertThat(post(body(Map.of("beauty", 1), Map.of())).getValue()).contains("\"where\":\"weights.beauty\"");
        assertThat(post(body(Map.of("capacity", 1), Map.of("storeyHeightM", 12))).getValue())
                .contains("\"where\":\"params.storeyHeightM\"");
        assertThat(post(body(Map.of("capacity", 1), Map.of("decayFullM", 800, "decayZeroM", 600))).getValue())
                .contains("\"where\":\"params.decayZeroM\"");
        assertThat(post(body(Map.of("capacity", 1), Map.of("exclusions", "yes"))).getValue())
                .contains("\"where\":\"params.exclusions\"");
    }

    @Test
    void invalidSlugIsRejected() {
        var b = body(Map.of("capacity", 1), Map.of());
        b.put("slug", "Bad Slug!");
        var r = post(b);
        assertThat(r.getKey()).isEqualTo(422);
        assertThat(r.getValue()).contains("\"where\":\"slug\"");
    }

    @Test
    void defaultScenarioStandaardExistsAndCannotBeDeleted() {
        @SuppressWarnings("unchecked")
        Map<String, Object> d = fx.http().get().uri("/api/scenarios/default").retrieve().body(Map.class);
        assertThat(d.get("name")).isEqualTo("Standaard");
        assertThat(d.get("isDefault")).isEqualTo(true);
        double sum = ((Map<?, ?>) d.get("weights")).values().stream().mapToDouble(v -> ((Number) v).doubleValue()).sum();
        assertThat(sum).isCloseTo(1, within(1e-12));
        int status = fx.http().delete().uri("/api/scenarios/default").exchange((req, res) -> res.getStatusCode().value());
        assertThat(status).isEqualTo(409);
    }

    @Test
    void aScenarioRowWrittenOutsideTheApiDoesNotBreakReadingButCannotRunWithoutWeights() {
        jdbc.sql("DELETE FROM scenario WHERE slug = 'test-raw'").update();
        jdbc.sql("INSERT INTO scenario (slug, name, weights, params) VALUES ('test-raw', 'Raw', '{}', '{\"storeyHeightM\": 99}')")
                .update();
        try {
            assertThat(scenarios.list()).extracting(Scenarios.Scenario::slug).contains("test-raw");
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = fx.http().get().uri("/api/scenarios/test-raw").retrieve().body(Map.class);
            // invalid stored params fall back to the defaults
            assertThat(((Number) ((Map<?, ?>) raw.get("params")).get("storeyHeightM")).doubleValue()).isEqualTo(3.0);
            var run = fx.http().post().uri("/api/scenarios/test-raw/runs")
                    .exchange((req, res) -> Map.entry(res.getStatusCode().value(), new String(res.getBody().readAllBytes())));
            assertThat(run.getKey()).isEqualTo(422);
            assertThat(run.getValue()).contains("\"where\":\"weights\"");
        } finally {
            jdbc.sql("DELETE FROM scenario WHERE slug = 'test-raw'").update();
        }
    }

    @Test
    void unknownScenarioIsNotFound() {
        int status = fx.http().get().uri("/api/scenarios/nope-nope").exchange((req, res) -> res.getStatusCode().value());
        assertThat(status).isEqualTo(404);
        int run = fx.http().post().uri("/api/scenarios/nope-nope/runs").exchange((req, res) -> res.getStatusCode().value());
        assertThat(run).isEqualTo(404);
    }
}
