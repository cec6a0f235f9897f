package nl.infill.analysis;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code infill.analysis.*}; defaults and documentation in {@code config/analysis.yml}.
 *
 * @param runOnStartup          start a run of the default scenario at startup when parcels exist and
 *                              its results are not of the current data version (default true)
 * @param maxWalkM              walking search radius in metres; farther amenities count as unreachable (3000)
 * @param snapGridM             grid in metres the street lines are snapped to before noding (0.5)
 * @param failureRetryInterval  how often to retry marking a run failed while the database is away (2s)
 * @param failureRetryTimeout   how long to keep retrying before giving up (startup then marks it) (30m)
 * @param compareLimit          maximum parcels per page of {@code /api/compare} (1000)
 * @param preferWaitMax         longest {@code Prefer: wait} a request starting a run is held for (60s)
 * @param scoringWorkMem        PostgreSQL {@code work_mem} of a run's scoring transaction (512MB): the score's
 *                              window holds every parcel's criteria row, ~300 bytes each
 * @param criteriaWorkers       database connections the criteria stage runs on at once (0 = the database's
 *                              cores; 1 = the single statement), docs/scaling.md
 */
@Validated
@ConfigurationProperties("infill.analysis")
record AnalysisProperties(
        @DefaultValue("true") boolean runOnStartup,
        @DefaultValue("3000") @Positive @Max(50000) double maxWalkM,
        @DefaultValue("0.5") @Positive @Max(10) double snapGridM,
        @DefaultValue("2s") @NotNull Duration failureRetryInterval,
        @DefaultValue("30m") @NotNull Duration failureRetryTimeout,
        @DefaultValue("1000") @Min(1) @Max(100000) int compareLimit,
        @DefaultValue("60s") @NotNull Duration preferWaitMax,
        @DefaultValue("512MB") @NotNull DataSize scoringWorkMem,
        @DefaultValue("0") @Min(0) @Max(64) int criteriaWorkers) {

    AnalysisProperties {
        // PostgreSQL's own bounds of work_mem; outside them every run would fail at its first statement
        if (scoringWorkMem != null && (scoringWorkMem.toKilobytes() < 64 || scoringWorkMem.toKilobytes() > 2_097_151)) {
            throw new IllegalArgumentException("infill.analysis.scoring-work-mem must be from 64kB to 2GB (2097151kB), not "
                    + scoringWorkMem);
        }
    }
}
