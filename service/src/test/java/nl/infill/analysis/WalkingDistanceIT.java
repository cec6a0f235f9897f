package nl.infill.analysis;

import static nl.infill.analysis.CriteriaIT.criterion;
import static nl.infill.analysis.CriteriaIT.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Walking distances over a small hand-made network, distance decay, and the straight-line fallback. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WalkingDistanceIT {

    private static final String SLUG = "test-walk";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    AnalysisFixtures fx;

    @BeforeEach
    void setUp() {
        fx = new AnalysisFixtures(jdbc, port);
        fx.clearLayers();
        fx.scenario(SLUG, Map.of("amenities", 1), Map.of());
    }

    /** A 2 x 2 m parcel centred on (x, y): its point on surface is (x, y) itself. */
    long parcelAt(double x, double y) {
        return fx.parcel(String.format(java.util.Locale.ROOT, "POLYGON((%1$s %2$s, %3$s %2$s, %3$s %4$s, %1$s %4$s, %1$s %2$s))",
                x - 1, y - 1, x + 1, y + 1), 4);
    }

    @Test
    void distanceDecaysFromFullAtFourHundredToZeroAtTwelveHundredMetres() {
        // one street along y = 0 in pieces, so that there are vertices at 0, 400, 800, 1200 and 2000
        fx.street("LINESTRING(0 0, 400 0)");
        fx.street("LINESTRING(400 0, 800 0)");
        fx.street("LINESTRING(800 0, 1200 0)");
        fx.street("LINESTRING(1200 0, 2000 0)");
        fx.amenity("supermarket", 0, 0);
        long at0 = parcelAt(0, 0);
        long at400 = parcelAt(400, 0);
        long at800 = parcelAt(800, 0);
        long at1200 = parcelAt(1200, 0);
        var run = fx.runAndWait(SLUG);
        assertThat(run.get("status")).isEqualTo("succeeded");
        assertThat(((Map<?, ?>) run.get("summary")).get("distanceMethod")).isEqualTo("network");

        // decay: 1 up to 400 m, (1200 - 800) / (1200 - 400) = 0.5 at 800 m, 0 at 1200 m; the amenity
        // criterion is the mean over 5 amenity types of which only the supermarket exists, so /5
        double[][] expected = {{at0, 0, 1.0 / 5}, {at400, 400, 1.0 / 5}, {at800, 800, 0.5 / 5}, {at1200, 1200, 0}};
        for (double[] e : expected) {
            var p = fx.result(SLUG, (long) e[0]);
            assertThat(((Number) ((Map<?, ?>) p.get("walkM")).get("supermarket")).doubleValue()).isCloseTo(e[1], within(1e-6));
            assertThat(num(criterion(p, "amenities"), "scaled")).isCloseTo(e[2], within(1e-9));
            assertThat(p.get("distanceMethod")).isEqualTo("network");
        }
        // no gp in the data: unknown distance, said so in the sentence
        assertThat(((Map<?, ?>) fx.result(SLUG, at400).get("walkM")).get("gp")).isNull();
        assertThat(criterion(fx.result(SLUG, at400), "amenities").get("sentence").toString())
                .contains("supermarkt 400 m").contains("huisarts onbekend").contains("over straat");
    }

    @Test
    void canalWithOneBridgeMakesTheWalkMuchLongerThanTheStraightLine() {
        // south bank y = 0 and north bank y = 100, joined only by a bridge at x = 1000
        fx.street("LINESTRING(0 0, 1000 0)");
        fx.street("LINESTRING(1000 0, 1000 100)");
        fx.street("LINESTRING(1000 100, 0 100)");
        fx.amenity("gp", 0, 100);
        long south = parcelAt(0, 0);
        fx.runAndWait(SLUG);
        // straight line 100 m; over the bridge 1000 + 100 + 1000 = 2100 m
        var walk = (Map<?, ?>) fx.result(SLUG, south).get("walkM");
        assertThat(((Number) walk.get("gp")).doubleValue()).isCloseTo(2100, within(1e-6));
    }

    @Test
    void crossingLinesAreNodedSoTheyConnectMidSegment() {
        // two lines that cross at (500, 0) without sharing a vertex, as OSM lines split at tile edges do
        fx.street("LINESTRING(0 0, 1000 0)");
        fx.street("LINESTRING(500 -500, 500 500)");
        fx.amenity("pharmacy", 500, 500);
        long west = parcelAt(0, 0);
        fx.runAndWait(SLUG);
        // 500 m east to the crossing, 500 m north: 1000 m
        var walk = (Map<?, ?>) fx.result(SLUG, west).get("walkM");
        assertThat(((Number) walk.get("pharmacy")).doubleValue()).isCloseTo(1000, within(1e-6));
        Long main = jdbc.sql("SELECT main_vertices FROM analysis.network_state").query(Long.class).single();
        assertThat(main).isEqualTo(5L);
    }

    @Test
    void withoutStreetsDistancesAreStraightLinesAndLabelledSoEverywhere() {
        fx.amenity("gp", 300, 400);
        long p = parcelAt(0, 0);
        var run = fx.runAndWait(SLUG);
        assertThat(((Map<?, ?>) run.get("summary")).get("distanceMethod")).isEqualTo("straight_line");
        var r = fx.result(SLUG, p);
        assertThat(r.get("distanceMethod")).isEqualTo("straight_line");
        // sqrt(300^2 + 400^2) = 500 m
        assertThat(((Number) ((Map<?, ?>) r.get("walkM")).get("gp")).doubleValue()).isCloseTo(500, within(1e-6));
        assertThat(criterion(r, "amenities").get("sentence").toString()).contains("hemelsbreed");
        assertThat(jdbc.sql("SELECT distance_method FROM parcel_result_v WHERE scenario = ? AND parcel_id = ?")
                .params(SLUG, p).query(String.class).single()).isEqualTo("straight_line");
    }
}
