/**
 * Analysis: criteria per parcel (capacity, under-use, obsolescence, walking access, constraints,
 * the ageing lens), scenarios of weights, asynchronous runs and their explainable results.
 * Public API: {@link nl.infill.analysis.AnalysisCompleted} and {@link nl.infill.analysis.Scenarios}.
 * Other modules read the results through the two published views, which join them to their
 * geometry; scenarios only through {@code Scenarios}.
 */
@Owns(value = {"scenario", "analysis_run", "analysis_run_settings", "parcel_result", "neighbourhood_result",
        "parcel_result_v", "neighbourhood_result_v", "analysis.*"},
        published = {"parcel_result_v", "neighbourhood_result_v"})
package nl.infill.analysis;

import nl.infill.system.Owns;
