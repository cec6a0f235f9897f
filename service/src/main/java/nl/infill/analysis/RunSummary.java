package nl.infill.analysis;

import java.util.Map;

/**
 * What a succeeded run did, as stored with the run ({@code analysis_run.summary}) and returned
 * in {@code GET /api/runs/{id}}.
 *
 * @param parcels        parcels scored
 * @param excluded       of which excluded by a hard constraint or rule
 * @param noZoning       of which without zoning (capacity unknown)
 * @param capacityM2     total extra floor area, m²
 * @param dwellings      total extra dwellings
 * @param meanScore      mean score 0..100 of the parcels not excluded; null when all are
 * @param perClass       parcels per score class "1".."5"
 * @param distanceMethod network or straight_line (the labelled fallback)
 * @param criteriaReused whether the criteria of an earlier run on the same data were reused
 * @param dataVersion    the layer versions the run computed on
 * @param resultsVersion the scenario's results version the run committed
 * @param durationMs     from start to just before the results' commit
 * @param stageMs        time per stage: criteria, scoringAndCommit
 * @param stepMs         time per step, for the benchmark notes
 */
record RunSummary(long parcels, long excluded, long noZoning, double capacityM2, double dwellings, Double meanScore,
                  Map<String, Long> perClass, String distanceMethod, boolean criteriaReused, String dataVersion,
                  long resultsVersion, long durationMs, Map<String, Long> stageMs, Map<String, Long> stepMs) {
}
