package nl.infill.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.infill.system.DomainException;

class WeightsTest {

    @Test
    void weightsAreDividedByTheirSum() {
        // 2 / (2 + 6) = 0.25 and 6 / 8 = 0.75; every other criterion 0
        var w = Weights.normalise(Map.of("amenities", 2, "ageing", 6));
        assertThat(w.get("amenities")).isCloseTo(0.25, within(1e-12));
        assertThat(w.get("ageing")).isCloseTo(0.75, within(1e-12));
        assertThat(w.get("capacity")).isZero();
        assertThat(w.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, within(1e-12));
    }

    @Test
    void previewWeightsAreEachOverTheirPlainSumInCriterionOrderAsTheWebMapsScoreJs() {
        // score.js normaliseWeights: the sum 0 + w1 + w2 + ... in CRITERIA order, then each w / sum
        var raw = Map.<String, Object>of("capacity", 0.1, "obsolescence", 0.2, "amenities", 0.3, "soft_constraints", 0.7);
        double sum = 0.0 + 0.1 + 0.0 + 0.2 + 0.0 + 0.3 + 0.0 + 0.7;
        assertThat(Weights.asScoreJs(raw)).containsExactly(0.1 / sum, 0, 0.2 / sum, 0, 0.3 / sum, 0, 0.7 / sum);
        // the stored weights divide by the largest first: not always the same last bit
        var stored = Weights.normalise(raw);
        assertThat(stored.get("capacity")).isCloseTo(0.1 / sum, within(1e-15));
    }

    @Test
    void nonNumericWeightNamesItsField() {
        assertThatThrownBy(() -> Weights.normalise(Map.of("capacity", "lots")))
                .isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).where()).isEqualTo("weights.capacity");
    }

    @Test
    void missingParamsTakeTheDefaultsAndRangesAreChecked() {
        assertThat(ScenarioParams.from(Map.of())).isEqualTo(ScenarioParams.DEFAULTS);
        assertThat(ScenarioParams.from(Map.of("dwellingSizeM2", 75)).dwellingSizeM2()).isEqualTo(75);
        assertThatThrownBy(() -> ScenarioParams.from(Map.of("dwellingSizeM2", 5)))
                .isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).where()).isEqualTo("params.dwellingSizeM2");
        assertThatThrownBy(() -> ScenarioParams.from(Map.of("recentlyBuiltYear", 2015.5)))
                .isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).where()).isEqualTo("params.recentlyBuiltYear");
    }
}
