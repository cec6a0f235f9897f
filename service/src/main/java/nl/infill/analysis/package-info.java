/**
 * Analysis: criteria per parcel (capacity, under-use, obsolescence, walking access, constraints,
 * the ageing lens), scenarios of weights, asynchronous runs and their explainable results.
 * Public API: {@link nl.infill.analysis.AnalysisCompleted} and {@link nl.infill.analysis.Scenarios}.
 */
package nl.infill.analysis;
