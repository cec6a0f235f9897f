package nl.infill.analysis;

import static nl.infill.analysis.CriteriaIT.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.json.JsonParser;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Runs: re-scoring reuses criteria, one run per scenario, readers see old results until the commit,
 * neighbourhood totals with the ageing fit, comparing scenarios.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunsIT {

    private static final JsonParser JSON = JsonParserFactory.getJsonParser();

    private static final String SLUG = "test-runs";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    AnalysisFixtures fx;
    long near;
    long far;
    long neighbourhood;

    @BeforeEach
    void twoParcelsInOneNeighbourhood() {
        fx = new AnalysisFixtures(jdbc, port);
        fx.clearLayers();
        fx.zone("POLYGON((-100 -100, 2100 -100, 2100 100, -100 100, -100 -100))", "wonen", 1.0, null, null);
        neighbourhood = fx.neighbourhood("WK000001", "POLYGON((-100 -100, 2100 -100, 2100 100, -100 100, -100 -100))", 25);
        fx.street("LINESTRING(0 0, 400 0)");
        fx.street("LINESTRING(400 0, 800 0)");
        fx.street("LINESTRING(800 0, 1200 0)");
        fx.street("LINESTRING(1200 0, 2000 0)");
        fx.amenity("gp", 0, 0);
        fx.amenity("supermarket", 0, 0);
        fx.amenity("pt_stop", 0, 0);
        // 20 x 20 = 400 m2 each, empty, FSImax 1.0 -> capacity 400 m2 each
        near = fx.parcel("POLYGON((90 0, 110 0, 110 20, 90 20, 90 0))", 400);
        far = fx.parcel("POLYGON((1690 0, 1710 0, 1710 20, 1690 20, 1690 0))", 400);
        fx.scenario(SLUG, Map.of("capacity", 1, "amenities", 1), Map.of());
    }

    /** A transaction holding the scenario's row (roll it back to release): a run waits for it to bump the results version. */
    private Connection holdScenarioRow() throws java.sql.SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM scenario WHERE slug = ? FOR NO KEY UPDATE")) {
            ps.setString(1, SLUG);
            ps.executeQuery().close();
        }
        return c;
    }

    @Test
    void neighbourhoodTotalsCountAgeingFitOnlyNearGpSupermarketAndTransit() {
        fx.runAndWait(SLUG);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = fx.http().get().uri("/api/scenarios/{slug}/neighbourhoods?sort=-capacity", SLUG)
                .retrieve().body(List.class);
        assertThat(rows).hasSize(1);
        var n = rows.get(0);
        // capacity 400 + 400 = 800 m2; dwellings 800 / 90
        assertThat(num(n, "capacityM2")).isCloseTo(800, within(1e-6));
        assertThat(num(n, "extraDwellings")).isCloseTo(800.0 / 90, within(1e-6));
        // near: point (100, 10) -> vertex (0, 0): 100.5 m to all three <= 400 m; far: point (1700, 10)
        // -> vertex (2000, 0): 300.2 + 2000 m. Ageing fit = 400 m2 (near only) x 25 / 100 = 100
        assertThat(num(n, "ageingFit")).isCloseTo(100, within(1e-6));
        assertThat(((Map<?, ?>) n.get("parcelsPerClass")).keySet()).extracting(Object::toString).contains("1", "2", "3", "4", "5");
    }

    @Test
    void classCountsForOtherWeightsScoreEachParcelsStoredCriteriaAsTheMapDoesAndSaveNothing() {
        fx.runAndWait(SLUG);
        String stored = jdbc.sql("""
                SELECT string_agg(r.parcel_id || ':' || r.score || ':' || r.score_class, ',' ORDER BY r.parcel_id)
                  FROM parcel_result r JOIN scenario s ON s.id = r.scenario_id WHERE s.slug = ?""")
                .param(SLUG).query(String.class).single();
        // mixed weights over four criteria: each over their plain sum, in criterion order, as score.js
        double[] raw = {0.07, 0, 0.13, 0, 0.3, 0, 0.5};
        String query = "capacity=0.07&obsolescence=0.13&amenities=0.3&soft_constraints=0.5";
        double sum = 0;
        for (double v : raw) {
            sum += v;
        }
        Object[] w = new Object[8];
        for (int k = 0; k < 7; k++) {
            w[k] = raw[k] / sum;
        }
        w[7] = SLUG;
        Map<String, Long> expected = new TreeMap<>();
        for (int c = 1; c <= 5; c++) {
            expected.put(String.valueOf(c), 0L);
        }
        jdbc.sql("""
                SELECT least(5, floor((100 * ? * r.scaled[1] + 100 * ? * r.scaled[2] + 100 * ? * r.scaled[3]
                                       + 100 * ? * r.scaled[4] + 100 * ? * r.scaled[5] + 100 * ? * r.scaled[6]
                                       + 100 * ? * r.scaled[7]) / 20) + 1)::int, count(*)
                  FROM parcel_result r JOIN scenario s ON s.id = r.scenario_id
                 WHERE s.slug = ? AND NOT r.excluded GROUP BY 1""").params(w)
                .query(rs -> {
                    expected.put(String.valueOf(rs.getInt(1)), rs.getLong(2));
                });
        assertThat(expected.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
        assertThat(classCounts(query)).isEqualTo(expected);

        // a storey height saved for a run that has not computed criteria yet (or never will): the
        // parcels keep their neighbourhood, from the criteria computed before
        jdbc.sql("UPDATE scenario SET params = jsonb_set(params, '{storeyHeightM}', '3.7') WHERE slug = ?").param(SLUG).update();
        assertThat(classCounts(query)).isEqualTo(expected);
        jdbc.sql("UPDATE scenario SET params = jsonb_set(params, '{storeyHeightM}', '\"tall\"') WHERE slug = ?").param(SLUG).update();
        assertThat(classCounts(query)).isEqualTo(expected);

        // nothing was saved: the results are the run's, and no run was started
        assertThat(jdbc.sql("""
                SELECT string_agg(r.parcel_id || ':' || r.score || ':' || r.score_class, ',' ORDER BY r.parcel_id)
                  FROM parcel_result r JOIN scenario s ON s.id = r.scenario_id WHERE s.slug = ?""")
                .param(SLUG).query(String.class).single()).isEqualTo(stored);
        assertThat(jdbc.sql("SELECT count(*) FROM analysis_run r JOIN scenario s ON s.id = r.scenario_id WHERE s.slug = ?")
                .param(SLUG).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void badPreviewWeightsAreProblemsNamingTheQueryParameter() {
        fx.runAndWait(SLUG);
        for (var bad : List.of(
                List.of("capacity=much", "capacity"),
                List.of("bogus=1", "bogus"),
                List.of("capacity=-1", "capacity"),
                List.of("capacity=1&capacity=2", "capacity"),
                List.of("capacity=0", "query"))) {
            var answer = fx.http().get().uri("/api/scenarios/{slug}/neighbourhoods/classes?" + bad.get(0), SLUG)
                    .exchange((req, res) -> List.of(res.getStatusCode().value(), String.valueOf(res.getHeaders().getContentType()),
                            JSON.parseMap(new String(res.getBody().readAllBytes()))));
            assertThat(answer.get(0)).as(bad.get(0)).isEqualTo(400);
            assertThat(answer.get(1)).as(bad.get(0)).isEqualTo("application/problem+json");
            assertThat(((Map<?, ?>) answer.get(2)).get("where")).as(bad.get(0)).isEqualTo(bad.get(1));
        }
        int unknown = fx.http().get().uri("/api/scenarios/nope/neighbourhoods/classes?capacity=1")
                .exchange((req, res) -> res.getStatusCode().value());
        assertThat(unknown).isEqualTo(404);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Long> classCounts(String query) {
        List<Map<String, Object>> rows = fx.http().get().uri("/api/scenarios/{slug}/neighbourhoods/classes?" + query, SLUG)
                .retrieve().body(List.class);
        assertThat(rows).hasSize(1);
        Map<String, Long> out = new TreeMap<>();
        ((Map<String, Number>) rows.get(0).get("parcelsPerClass")).forEach((c, n) -> out.put(c, n.longValue()));
        return out;
    }

    @Test
    void unknownSortIsAProblemNamingTheParameter() {
        var status = fx.http().get().uri("/api/scenarios/{slug}/neighbourhoods?sort=capacity_m2;drop", SLUG)
                .exchange((req, res) -> Map.entry(res.getStatusCode().value(), new String(res.getBody().readAllBytes())));
        assertThat(status.getKey()).isEqualTo(400);
        assertThat(status.getValue()).contains("\"where\":\"sort\"");
    }

    @Test
    void rescoringWithNewWeightsReusesTheStoredCriteria() {
        var first = fx.runAndWait(SLUG);
        assertThat(first.get("criteriaReused")).isEqualTo(false);
        OffsetDateTime computedAt = criteriaComputedAt();
        String dataVersion = jdbc.sql("SELECT data_version FROM analysis.parcel_criteria WHERE parcel_id = ? LIMIT 1")
                .param(near).query(String.class).single();

        var status = fx.http().put().uri("/api/scenarios/{slug}", SLUG)
                .body(Map.of("name", "Test", "weights", Map.of("amenities", 1), "params", Map.of("dwellingSizeM2", 100)))
                .exchange((req, res) -> res.getStatusCode().value());
        assertThat(status).isEqualTo(200);
        var second = fx.runAndWait(SLUG);
        assertThat(second.get("status")).isEqualTo("succeeded");
        assertThat(second.get("criteriaReused")).isEqualTo(true);
        assertThat(criteriaComputedAt()).isEqualTo(computedAt);
        assertThat(second.get("dataVersion")).isEqualTo(dataVersion);
        // new dwelling size applies without recomputing criteria: 400 / 100 = 4 dwellings
        assertThat(num(fx.result(SLUG, near), "extraDwellings")).isCloseTo(4, within(1e-9));
        // amenities only: near has all three of five types within 400 m -> 100 x 3/5 = 60
        assertThat(num(fx.result(SLUG, near), "score")).isCloseTo(60, within(1e-9));

        // a data change makes the criteria stale again
        fx.bumpVersions();
        var third = fx.runAndWait(SLUG);
        assertThat(third.get("criteriaReused")).isEqualTo(false);
        assertThat(criteriaComputedAt()).isAfter(computedAt);
    }

    @Test
    void secondRunOfTheSameScenarioIsAConflictAndReadersSeeOldResultsUntilTheCommit() throws Exception {
        fx.runAndWait(SLUG);
        double before = num(fx.result(SLUG, near), "extraDwellings");   // 400 / 90
        fx.http().put().uri("/api/scenarios/{slug}", SLUG)
                .body(Map.of("name", "Test", "weights", Map.of("capacity", 1), "params", Map.of("dwellingSizeM2", 50)))
                .retrieve().toBodilessEntity();
        long resultsVersion = resultsVersion();
        // hold the scenario row: the run can stage and swap results but not bump the version
        try (Connection blocker = holdScenarioRow()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> started = fx.http().post().uri("/api/scenarios/{slug}/runs", SLUG).retrieve().body(Map.class);
            long runId = ((Number) started.get("id")).longValue();
            waitForStage(runId, "commit");

            var conflict = fx.http().post().uri("/api/scenarios/{slug}/runs", SLUG)
                    .exchange((req, res) -> Map.entry(res.getStatusCode().value(), new String(res.getBody().readAllBytes())));
            assertThat(conflict.getKey()).isEqualTo(409);
            assertThat(conflict.getValue()).contains("already has a run in progress");
            assertThat(num(fx.result(SLUG, near), "extraDwellings")).isCloseTo(before, within(1e-9));
            assertThat(resultsVersion()).isEqualTo(resultsVersion);

            blocker.rollback();
            var done = fx.waitFor(runId);
            assertThat(done.get("status")).isEqualTo("succeeded");
        }
        // 400 / 50 = 8 dwellings once committed, with the version bumped
        assertThat(num(fx.result(SLUG, near), "extraDwellings")).isCloseTo(8, within(1e-9));
        assertThat(resultsVersion()).isEqualTo(resultsVersion + 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void preferWaitAnswersWithTheFinishedRunWhenItEndsInTime() {
        var res = fx.http().post().uri("/api/scenarios/{slug}/runs", SLUG).header("Prefer", "wait=60")
                .retrieve().toEntity(Map.class);
        assertThat(res.getStatusCode().value()).isEqualTo(200);
        Map<String, Object> run = res.getBody();
        assertThat(run.get("status")).isEqualTo("succeeded");
        assertThat(run.get("stage")).isEqualTo("done");
        assertThat(((Map<String, Object>) run.get("summary")).get("parcels")).isEqualTo(2);
        long id = ((Number) run.get("id")).longValue();
        assertThat(res.getHeaders().getLocation()).hasToString("/api/runs/" + id);
        assertThat(res.getHeaders().getFirst("Content-Location")).isEqualTo("/api/runs/" + id);
        // the results are readable as soon as the answer arrives: capacity 400 m2 / 90 m2
        assertThat(num(fx.result(SLUG, near), "extraDwellings")).isCloseTo(400.0 / 90, within(1e-9));
        assertThat(((Number) fx.result(SLUG, near).get("runId")).longValue()).isEqualTo(id);
    }

    @Test
    @SuppressWarnings("unchecked")
    void preferWaitAnswers202WithTheRunningRunWhenItTakesLonger() throws Exception {
        fx.runAndWait(SLUG);
        // hold the scenario row: the run cannot bump the results version until released
        try (Connection blocker = holdScenarioRow()) {
            long t0 = System.nanoTime();
            var res = fx.http().post().uri("/api/scenarios/{slug}/runs", SLUG).header("Prefer", "respond-async, wait=1")
                    .retrieve().toEntity(Map.class);
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(res.getStatusCode().value()).isEqualTo(202);
            assertThat(res.getBody().get("status")).isEqualTo("running");
            long id = ((Number) res.getBody().get("id")).longValue();
            assertThat(res.getHeaders().getLocation()).hasToString("/api/runs/" + id);
            // it did wait for the run (about 1 s) before answering 202
            assertThat(waitedMs).isGreaterThanOrEqualTo(900);
            blocker.rollback();
            assertThat(fx.waitFor(id).get("status")).isEqualTo("succeeded");
        }
    }

    @Test
    void rescoringUpdatesTheRowsInPlaceAddsNewParcelsAndDropsParcelsThatAreGone() {
        var first = fx.runAndWait(SLUG);
        // a third parcel arrives and the far one goes: the next run scores near and the new one only
        long added = fx.parcel("POLYGON((290 0, 310 0, 310 20, 290 20, 290 0))", 400);
        jdbc.sql("DELETE FROM parcel WHERE id = ?").param(far).update();
        fx.bumpVersions();
        var second = fx.runAndWait(SLUG);
        assertThat(second.get("status")).isEqualTo("succeeded");
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) second.get("summary");
        assertThat(summary.get("parcels")).isEqualTo(2);
        List<Long> parcels = jdbc.sql("SELECT r.parcel_id FROM parcel_result r JOIN scenario s ON s.id = r.scenario_id "
                + "WHERE s.slug = ? ORDER BY r.parcel_id").param(SLUG).query(Long.class).list();
        assertThat(parcels).containsExactly(near, added);
        // every row carries the second run; the first run's rows were rewritten, not left behind
        List<Long> runIds = jdbc.sql("SELECT DISTINCT r.run_id FROM parcel_result r JOIN scenario s ON s.id = r.scenario_id "
                + "WHERE s.slug = ?").param(SLUG).query(Long.class).list();
        assertThat(runIds).containsExactly(((Number) second.get("id")).longValue());
        assertThat(((Number) second.get("id")).longValue()).isNotEqualTo(((Number) first.get("id")).longValue());
        // the new parcel: point (300, 10) -> vertex (400, 0): 100.5 m + 400 m to the amenities at (0, 0)
        // = 500.5 m -> decay (1200 - 500.5) / 800 = 0.874 for gp, supermarket, pt_stop; 0 for the other two
        // -> amenities 3 x 0.874 / 5 = 0.525; capacity cume_dist 1 (both 400 m2) -> 50 + 50 x 0.525 = 76.2
        assertThat(num(fx.result(SLUG, added), "score")).isCloseTo(50 + 50 * 3 * (1200 - (400 + Math.hypot(100, 10))) / 800 / 5,
                within(1e-6));
    }

    @Test
    @SuppressWarnings("unchecked")
    void openApiDocumentsThePreferWaitHeaderAndBothAnswersOfStartingARun() {
        Map<String, Object> docs = fx.http().get().uri("/v3/api-docs").retrieve().body(Map.class);
        var post = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) docs.get("paths"))
                .get("/api/scenarios/{slug}/runs")).get("post");
        assertThat((List<Map<String, Object>>) post.get("parameters"))
                .anySatisfy(p -> {
                    assertThat(p.get("name")).isEqualTo("Prefer");
                    assertThat(p.get("in")).isEqualTo("header");
                });
        assertThat(((Map<String, Object>) post.get("responses")).keySet()).contains("200", "202");
    }

    @Test
    void compareShowsPerParcelAndPerNeighbourhoodDifferences() {
        fx.scenario("test-runs-b", Map.of("amenities", 1), Map.of());
        fx.runAndWait(SLUG);
        fx.runAndWait("test-runs-b");
        @SuppressWarnings("unchecked")
        Map<String, Object> cmp = fx.http().get().uri("/api/compare?a={a}&b={b}&limit=10", SLUG, "test-runs-b")
                .retrieve().body(Map.class);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> parcels = (List<Map<String, Object>>) cmp.get("parcels");
        assertThat(parcels).hasSize(2);
        // a: capacity + amenities 50/50. Both parcels have capacity 400 -> cume_dist 1 -> 50 points;
        // near: amenities 3/5 -> +30 -> 80; far: 0 -> 50. b: amenities only -> near 60, far 0.
        // differences: near 60 - 80 = -20, far 0 - 50 = -50 -> far first
        assertThat(((Number) parcels.get(0).get("parcelId")).longValue()).isEqualTo(far);
        assertThat(num(parcels.get(0), "scoreDiff")).isCloseTo(-50, within(1e-9));
        assertThat(num(parcels.get(1), "scoreDiff")).isCloseTo(-20, within(1e-9));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> hoods = (List<Map<String, Object>>) cmp.get("neighbourhoods");
        assertThat(hoods).hasSize(1);
        // mean score a = (80 + 50) / 2 = 65, b = (60 + 0) / 2 = 30
        assertThat(num(hoods.get(0), "meanScoreA")).isCloseTo(65, within(1e-9));
        assertThat(num(hoods.get(0), "meanScoreB")).isCloseTo(30, within(1e-9));
    }

    @Test
    void startupStartsTheDefaultScenarioOnlyWhenItsResultsAreStale(@Autowired StartupRun startup) {
        long runId = startup.startDefaultIfStale();
        if (runId < 0) {
            // the context's own ApplicationReadyEvent may already have started it: wait for that one
            runId = jdbc.sql("SELECT max(r.id) FROM analysis_run r JOIN scenario s ON s.id = r.scenario_id WHERE s.is_default")
                    .query(Long.class).single();
        }
        fx.waitFor(runId);
        if (!"succeeded".equals(fx.waitFor(runId).get("status"))) {
            runId = startup.startDefaultIfStale();
            assertThat(fx.waitFor(runId).get("status")).isEqualTo("succeeded");
        }
        // fresh results for this data version: nothing to start
        assertThat(startup.startDefaultIfStale()).isEqualTo(-1);
        assertThat(fx.result("default", near).get("scenario")).isEqualTo("default");
    }

    private OffsetDateTime criteriaComputedAt() {
        return jdbc.sql("SELECT computed_at FROM analysis.parcel_criteria WHERE parcel_id = ? LIMIT 1")
                .param(near).query(OffsetDateTime.class).single();
    }

    private long resultsVersion() {
        return jdbc.sql("SELECT results_version FROM scenario WHERE slug = ?").param(SLUG).query(Long.class).single();
    }

    @SuppressWarnings("unchecked")
    private void waitForStage(long runId, String stage) {
        for (int i = 0; i < 600; i++) {
            Map<String, Object> run = fx.http().get().uri("/api/runs/{id}", runId).retrieve().body(Map.class);
            if (stage.equals(run.get("stage"))) {
                AnalysisFixtures.sleep(300);   // let it reach the held row
                return;
            }
            assertThat(run.get("status")).isEqualTo("running");
            AnalysisFixtures.sleep(100);
        }
        throw new AssertionError("run " + runId + " never reached stage " + stage);
    }
}
