package nl.infill.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Capacity, zoning and exclusions on hand-made parcels. Layout (metres from the origin):
 * zone Z1 (wonen, FSImax 2.0, coverage 1.0, Hmax 30 m) covers x -10..130; zone Z2 (gemengd, no
 * FSImax, coverage 0.5, Hmax 9 m) covers x 130..200; a water zone covers x 400..500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CriteriaIT {

    private static final String SLUG = "test-criteria";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    AnalysisFixtures fx;
    long plain;
    long split;
    long unzoned;
    long monument;
    long water;

    @BeforeEach
    void cityOfFiveParcels() {
        fx = new AnalysisFixtures(jdbc, port);
        fx.clearLayers();
        fx.zone("POLYGON((-10 -10, 130 -10, 130 100, -10 100, -10 -10))", "wonen", 2.0, 1.0, 30.0);
        fx.zone("POLYGON((130 -10, 200 -10, 200 100, 130 100, 130 -10))", "gemengd", null, 0.5, 9.0);
        fx.zone("POLYGON((400 -10, 500 -10, 500 100, 400 100, 400 -10))", "water", null, null, null);
        // 40 x 25 = 1,000 m2 with a 10 x 20 = 200 m2 building of 2 storeys = 400 m2 floor area
        plain = fx.parcel("POLYGON((0 0, 40 0, 40 25, 0 25, 0 0))", 1000);
        fx.building("POLYGON((5 5, 15 5, 15 25, 5 25, 5 5))", 1975, "wonen", 2, null, false);
        // 50 x 20 = 1,000 m2: 30 x 20 = 600 m2 in Z1, 20 x 20 = 400 m2 in Z2
        split = fx.parcel("POLYGON((100 0, 150 0, 150 20, 100 20, 100 0))", 1000);
        unzoned = fx.parcel("POLYGON((300 0, 320 0, 320 20, 300 20, 300 0))", 400);
        monument = fx.parcel("POLYGON((0 50, 20 50, 20 70, 0 70, 0 50))", 400);
        fx.building("POLYGON((2 52, 12 52, 12 62, 2 62, 2 52))", 1650, "wonen", 3, null, true);
        water = fx.parcel("POLYGON((420 0, 440 0, 440 20, 420 20, 420 0))", 400);
        fx.scenario(SLUG, AnalysisFixtures.capacityOnly(), Map.of());
    }

    @Test
    void thousandSquareMetreParcelUnderFsiTwoWithFourHundredBuiltHasSixteenHundredCapacity() {
        var run = fx.runAndWait(SLUG);
        assertThat(run.get("status")).isEqualTo("succeeded");
        var p = fx.result(SLUG, plain);
        // existing = 200 m2 footprint x 2 storeys = 400 m2
        assertThat(num(p, "existingFloorAreaM2")).isCloseTo(400, within(1e-6));
        // allowed = min(FSImax 2.0 x 1,000, coverage 1.0 x 1,000 x floor(30 / 3.0) = 10,000) = 2,000 m2
        assertThat(num(p, "allowedFloorAreaM2")).isCloseTo(2000, within(1e-6));
        // capacity = 2,000 - 400 = 1,600 m2; dwellings = 1,600 / 90 = 17.78
        assertThat(num(p, "capacityM2")).isCloseTo(1600, within(1e-6));
        assertThat(num(p, "extraDwellings")).isCloseTo(1600.0 / 90, within(1e-6));
        // GSI = 200 / 1,000 = 0.2; FSI = 400 / 1,000 = 0.4; pct_unbuilt = 1,600 / 2,000 = 0.8 -> soft site
        assertThat(num(p, "gsi")).isCloseTo(0.2, within(1e-9));
        assertThat(num(p, "fsi")).isCloseTo(0.4, within(1e-9));
        assertThat(p.get("softSite")).isEqualTo(true);
        assertThat(p.get("noZoning")).isEqualTo(false);
    }

    @Test
    void parcelSplitAcrossTwoZonesTakesEachPartByItsZone() {
        fx.runAndWait(SLUG);
        var p = fx.result(SLUG, split);
        // Z1 part 600 m2: min(2.0 x 600, 1.0 x 600 x 10) = 1,200 m2
        // Z2 part 400 m2: no FSImax, so only 0.5 x 400 x floor(9 / 3.0) = 600 m2
        // allowed = 1,200 + 600 = 1,800 m2; nothing built -> capacity 1,800 m2
        assertThat(num(p, "allowedFloorAreaM2")).isCloseTo(1800, within(1e-6));
        assertThat(num(p, "capacityM2")).isCloseTo(1800, within(1e-6));
    }

    @Test
    void parcelWithoutZoningIsFlaggedAndGetsNoInventedCapacity() {
        fx.runAndWait(SLUG);
        var p = fx.result(SLUG, unzoned);
        assertThat(p.get("noZoning")).isEqualTo(true);
        assertThat(p.get("allowedFloorAreaM2")).isNull();
        assertThat(num(p, "capacityM2")).isZero();
        assertThat(criterion(p, "capacity").get("sentence").toString()).contains("Geen bestemmingsplan");
    }

    @Test
    void monumentAndWaterParcelsAreExcludedWithTheirReason() {
        fx.runAndWait(SLUG);
        var m = fx.result(SLUG, monument);
        assertThat(m.get("excluded")).isEqualTo(true);
        assertThat(m.get("exclusionReason")).isEqualTo("monument");
        assertThat(m.get("score")).isNull();
        assertThat(m.get("scoreClass")).isNull();
        // zoned capacity stays visible: 400 x 2.0 = 800 allowed - 100 x 3 = 300 built = 500 m2; masked to 0
        assertThat(num(m, "zonedCapacityM2")).isCloseTo(500, within(1e-6));
        assertThat(num(m, "capacityM2")).isZero();
        var w = fx.result(SLUG, water);
        assertThat(w.get("exclusionReason")).isEqualTo("zoning_water_green");
        assertThat(w.get("sentence").toString()).startsWith("Uitgesloten");
    }

    @Test
    void exclusionsSwitchedOffScoreTheMonumentParcel() {
        fx.scenario("test-no-exclusions", AnalysisFixtures.capacityOnly(), Map.of("exclusions", false));
        fx.runAndWait("test-no-exclusions");
        var m = fx.result("test-no-exclusions", monument);
        assertThat(m.get("excluded")).isEqualTo(false);
        assertThat(num(m, "capacityM2")).isCloseTo(500, within(1e-6));
    }

    @Test
    void contributionsOfEveryCriterionSumToTheScore() {
        fx.scenario("test-all-weights", Map.of("capacity", 3, "underuse", 2, "obsolescence", 2, "transformation", 1,
                "amenities", 1, "ageing", 1, "soft_constraints", 1), Map.of());
        fx.runAndWait("test-all-weights");
        for (long id : List.of(plain, split, unzoned)) {
            var p = fx.result("test-all-weights", id);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> criteria = (List<Map<String, Object>>) p.get("criteria");
            assertThat(criteria).hasSize(7);
            double sum = criteria.stream().mapToDouble(c -> ((Number) c.get("contribution")).doubleValue()).sum();
            assertThat(sum).isCloseTo(num(p, "score"), within(1e-9));
            // each contribution = 100 x weight x scaled
            assertThat(criteria).allSatisfy(c -> assertThat(((Number) c.get("contribution")).doubleValue())
                    .isCloseTo(100 * ((Number) c.get("weight")).doubleValue() * ((Number) c.get("scaled")).doubleValue(),
                            within(1e-9)));
            assertThat(criteria).allSatisfy(c -> assertThat(c).containsOnlyKeys("criterion", "label", "labelEn", "raw",
                    "unit", "scaled", "weight", "contribution", "sentence", "sentenceEn"));
            assertThat(criteria).allSatisfy(c -> assertThat(c.get("labelEn")).isInstanceOf(String.class));
            assertThat(criteria).allSatisfy(c -> assertThat(c.get("sentenceEn")).isInstanceOf(String.class));
            assertThat(p.get("sentence").toString()).startsWith("Scoort");
            assertThat(p.get("sentenceEn").toString()).startsWith("Scores");
        }
        // plain: built 1975 -> age (now - 1975) >= 40 years = renovation cycle -> obsolescence 1.0,
        // weight 2/11 -> contribution 100 x 2/11 = 18.18 points
        assertThat(((Number) criterion(fx.result("test-all-weights", plain), "obsolescence").get("contribution"))
                .doubleValue()).isCloseTo(200.0 / 11, within(1e-9));
    }

    @Test
    void classesUseFixedBreaksOfTwentyPoints() {
        fx.runAndWait(SLUG);
        // capacity only, percentile rank among the 2 non-excluded parcels with capacity > 0:
        // plain 1,600 -> cume_dist 1/2 -> score 50 -> class 3; split 1,800 -> 1 -> score 100 -> class 5
        assertThat(num(fx.result(SLUG, plain), "score")).isCloseTo(50, within(1e-9));
        assertThat(fx.result(SLUG, plain).get("scoreClass")).isEqualTo(3);
        assertThat(fx.result(SLUG, split).get("scoreClass")).isEqualTo(5);
        // unzoned: no capacity -> scaled 0 -> score 0 -> class 1
        assertThat(fx.result(SLUG, unzoned).get("scoreClass")).isEqualTo(1);
    }

    static double num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> criterion(Map<String, Object> parcel, String key) {
        return ((List<Map<String, Object>>) parcel.get("criteria")).stream()
                .filter(c -> key.equals(c.get("criterion"))).findFirst().orElseThrow();
    }
}
