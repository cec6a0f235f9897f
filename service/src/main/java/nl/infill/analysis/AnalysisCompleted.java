package nl.infill.analysis;

/**
 * Published after a run's results have committed. {@code resultsVersion} is the scenario's new
 * {@code scenario.results_version}: tile URLs and ETags carry it so no cache serves stale tiles.
 */
public record AnalysisCompleted(long scenarioId, String scenarioSlug, long runId, long resultsVersion) {
}
