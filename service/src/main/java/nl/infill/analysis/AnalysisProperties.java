package nl.infill.analysis;

import java.time.Duration;

import jakarta.validation.Valid;
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
 * @param runs                  the run queue shared by replicas ({@code infill.analysis.runs.*}), docs/scaling.md
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
        @DefaultValue("0") @Min(0) @Max(64) int criteriaWorkers,
        @DefaultValue @NotNull @Valid Runs runs) {

    /**
     * The database-backed run queue (docs/scaling.md). Every replica claims queued runs, holds a lease
     * on each run it executes and re-queues or fails runs whose lease expired. A replica's name in
     * {@code analysis_run.owner} is {@code infill.instance-id} ({@link nl.infill.system.InstanceId}).
     *
     * @param slots        runs this replica executes at once (2); more wait in the queue for any replica
     * @param lease        how long a run stays this replica's without a heartbeat (60s); after that another
     *                     replica re-queues or fails it
     * @param heartbeat    how often the executor extends its leases (15s); well under {@code lease}
     * @param pollInterval how often every replica looks for queued runs and expired leases (5s) besides
     *                     being woken by LISTEN/NOTIFY
     * @param attempts     how many times a run is claimed before an expired lease fails it (2: one retry)
     */
    record Runs(
            @DefaultValue("2") @Min(1) @Max(16) int slots,
            @DefaultValue("60s") @NotNull Duration lease,
            @DefaultValue("15s") @NotNull Duration heartbeat,
            @DefaultValue("5s") @NotNull Duration pollInterval,
            @DefaultValue("2") @Min(1) @Max(10) int attempts) {

        Runs {
            if (lease != null && heartbeat != null && heartbeat.multipliedBy(2).compareTo(lease) > 0) {
                throw new IllegalArgumentException("infill.analysis.runs.heartbeat (" + heartbeat
                        + ") must be at most half of infill.analysis.runs.lease (" + lease
                        + "), or a live run could lose its lease between two heartbeats");
            }
            if (pollInterval != null && (pollInterval.isNegative() || pollInterval.isZero())) {
                throw new IllegalArgumentException("infill.analysis.runs.poll-interval must be positive, not " + pollInterval);
            }
        }
    }

    AnalysisProperties {
        // PostgreSQL's own bounds of work_mem; outside them every run would fail at its first statement
        if (scoringWorkMem != null && (scoringWorkMem.toKilobytes() < 64 || scoringWorkMem.toKilobytes() > 2_097_151)) {
            throw new IllegalArgumentException("infill.analysis.scoring-work-mem must be from 64kB to 2GB (2097151kB), not "
                    + scoringWorkMem);
        }
    }
}
