package nl.infill.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class AnalysisPropertiesTest {

    private static AnalysisProperties withScoringWorkMem(DataSize workMem) {
        return new AnalysisProperties(true, 3000, 0.5, Duration.ofSeconds(2), Duration.ofMinutes(30), 1000,
                Duration.ofSeconds(60), workMem, 0,
                new AnalysisProperties.Runs(2, Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(5), 2));
    }

    @Test
    void scoringWorkMemAbovePostgresLimitStopsTheServiceFromStarting() {
        // PostgreSQL refuses work_mem above 2097151kB: every run would fail at its first statement
        assertThatThrownBy(() -> withScoringWorkMem(DataSize.ofGigabytes(3)))
                .hasMessageContaining("scoring-work-mem");
    }

    @Test
    void scoringWorkMemOfTwoGigabytesLessOneKilobyteIsAccepted() {
        assertThat(withScoringWorkMem(DataSize.ofKilobytes(2_097_151)).scoringWorkMem().toKilobytes()).isEqualTo(2_097_151);
    }
}
