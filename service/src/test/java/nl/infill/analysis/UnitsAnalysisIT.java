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

/**
 * BAG units (verblijfsobjecten) in the analysis: a building with units takes its gross floor area
 * (usable x 1.2) and its use mix from them; a building without units keeps footprint x storeys.
 * Layout: one zone (wonen, FSImax 2.0, coverage 1.0, Hmax 30 m) over two 40 x 25 m parcels, each
 * with a 10 x 20 m building of 2 storeys (200 m2 footprint, 400 m2 by storeys).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnitsAnalysisIT {

    private static final String SLUG = "test-units";
    private static final String PAND_WITH_UNITS = "0637100000000001";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    AnalysisFixtures fx;
    long withUnits;
    long without;

    @BeforeEach
    void twoParcelsOneBuildingWithUnits() {
        fx = new AnalysisFixtures(jdbc, port);
        fx.clearLayers();
        fx.zone("POLYGON((-10 -10, 200 -10, 200 100, -10 100, -10 -10))", "wonen", 2.0, 1.0, 30.0);
        withUnits = fx.parcel("POLYGON((0 0, 40 0, 40 25, 0 25, 0 0))", 1000);
        fx.building(PAND_WITH_UNITS, "POLYGON((5 5, 15 5, 15 25, 5 25, 5 5))", 1975, "wonen", 2);
        without = fx.parcel("POLYGON((100 0, 140 0, 140 25, 100 25, 100 0))", 1000);
        fx.building("0637100000000002", "POLYGON((105 5, 115 5, 115 25, 105 25, 105 5))", 1975, "wonen", 2);
        // three units: two homes of 80 and 70 m2, one home-and-office of 100 m2 (split 50/50)
        fx.unit(PAND_WITH_UNITS, "wonen", 80.0, 8, 8);
        fx.unit(PAND_WITH_UNITS, "wonen", 70.0, 9, 12);
        fx.unit(PAND_WITH_UNITS, "wonen,kantoor", 100.0, 10, 20);
        fx.scenario(SLUG, AnalysisFixtures.capacityOnly(), Map.of());
    }

    @Test
    void buildingWithUnitsTakesItsFloorAreaAndUseMixFromThemAndTheExplanationSaysSo() {
        assertThat(fx.runAndWait(SLUG).get("status")).isEqualTo("succeeded");
        var p = fx.result(SLUG, withUnits);
        // usable 80 + 70 + 100 = 250 m2 x 1.2 = 300 m2 gross (not 200 x 2 = 400)
        assertThat(num(p, "existingFloorAreaM2")).isCloseTo(300, within(1e-6));
        // wonen (80 + 70 + 50) x 1.2 = 240, kantoor 50 x 1.2 = 60
        @SuppressWarnings("unchecked")
        Map<String, Number> mix = (Map<String, Number>) p.get("useMix");
        assertThat(mix.get("wonen").doubleValue()).isCloseTo(240, within(0.05));
        assertThat(mix.get("kantoor").doubleValue()).isCloseTo(60, within(0.05));
        assertThat(p.get("dominantUse")).isEqualTo("wonen");
        // allowed 2.0 x 1,000 = 2,000; capacity 2,000 - 300 = 1,700
        assertThat(num(p, "capacityM2")).isCloseTo(1700, within(1e-6));
        var capacity = criterion(p, "capacity");
        assertThat(capacity.get("sentenceEn").toString())
                .contains("Existing floor area 300 m², from 3 BAG units (usable area x 1.2).");
        assertThat(capacity.get("sentence").toString()).contains("uit 3 BAG-verblijfsobjecten");
        // office share 60 / 300 = 20 %
        assertThat(num(criterion(p, "transformation"), "raw")).isCloseTo(20, within(0.05));
    }

    @Test
    void buildingWithoutUnitsKeepsFootprintTimesStoreysAndNoUnitSentence() {
        fx.runAndWait(SLUG);
        var p = fx.result(SLUG, without);
        assertThat(num(p, "existingFloorAreaM2")).isCloseTo(400, within(1e-6));
        @SuppressWarnings("unchecked")
        Map<String, Number> mix = (Map<String, Number>) p.get("useMix");
        assertThat(mix).containsOnlyKeys("wonen");
        assertThat(criterion(p, "capacity").get("sentenceEn").toString()).doesNotContain("BAG units");
    }

    @Test
    void removingTheUnitsBringsBackTheFloorAreaByStoreys() {
        fx.runAndWait(SLUG);
        assertThat(num(fx.result(SLUG, withUnits), "existingFloorAreaM2")).isCloseTo(300, within(1e-6));
        jdbc.sql("DELETE FROM building_unit").update();
        fx.bumpVersions();
        fx.runAndWait(SLUG);
        var p = fx.result(SLUG, withUnits);
        assertThat(num(p, "existingFloorAreaM2")).isCloseTo(400, within(1e-6));
        assertThat(criterion(p, "capacity").get("sentenceEn").toString()).doesNotContain("BAG units");
    }
}
