package nl.infill.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

import nl.infill.system.DomainException;

import org.junit.jupiter.api.Test;

/** Overflowing weights and parameters (issue 13, item 6): refused or normalised, reported as sent. */
class HostileScenarioInputTest {

    @Test
    void weightsOfTenToThe308AreRefusedAsAboveTheLimitNotSavedAsZeros() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put(Criterion.keys().get(0), 1e308);
        in.put(Criterion.keys().get(1), 1e308);
        DomainException p = catchThrowableOfType(DomainException.class, () -> Weights.normalise(in));
        assertThat(p).isNotNull();
        assertThat(p.where()).isEqualTo("weights." + Criterion.keys().get(0));
        assertThat(p.getMessage()).contains("at most 1000000").contains("1.0E308");
    }

    @Test
    void largeWeightsWithinTheLimitNormaliseToOneWithoutOverflow() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put(Criterion.keys().get(0), 1_000_000);
        in.put(Criterion.keys().get(1), 3_000_000 / 3);
        in.put(Criterion.keys().get(2), Double.MIN_VALUE);
        Map<String, Double> out = Weights.normalise(in);
        // 1e6 and 1e6 (and a subnormal): 0.5 and 0.5
        assertThat(out.get(Criterion.keys().get(0))).isEqualTo(0.5);
        assertThat(out.get(Criterion.keys().get(1))).isEqualTo(0.5);
        assertThat(out.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(1.0);
    }

    @Test
    void storedWeightsOfHugeValuesStillNormalise() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put(Criterion.keys().get(0), 1e308);
        in.put(Criterion.keys().get(1), 1e308);
        Map<String, Double> out = Weights.stored(in);
        assertThat(out.get(Criterion.keys().get(0))).isEqualTo(0.5);
        assertThat(out.get(Criterion.keys().get(1))).isEqualTo(0.5);
    }

    @Test
    void overflowingStoreyHeightIsReportedWithTheValueTheUserSent() {
        BigInteger huge = new BigInteger("123456789012345678901234567890");
        DomainException p = catchThrowableOfType(DomainException.class, () -> ScenarioParams.from(Map.of("storeyHeightM", huge)));
        assertThat(p.where()).isEqualTo("params.storeyHeightM");
        assertThat(p.getMessage()).isEqualTo("storeyHeightM must be between 2.4 and 6 (was 123456789012345678901234567890).");
        DomainException q = catchThrowableOfType(DomainException.class, () -> ScenarioParams.from(Map.of("storeyHeightM", 1e30)));
        assertThat(q.getMessage()).isEqualTo("storeyHeightM must be between 2.4 and 6 (was 1.0E30).");
        DomainException r = catchThrowableOfType(DomainException.class, () -> ScenarioParams.from(Map.of("storeyHeightM", 7.5)));
        assertThat(r.getMessage()).isEqualTo("storeyHeightM must be between 2.4 and 6 (was 7.5).");
    }
}
