/**
 * Presentation: the one source of how Infill looks and reads, in Dutch and English. Criterion
 * labels, units and explanation templates, exclusion reasons, colour classes per map layer and
 * the scenario parameter ranges live in {@code presentation/presentation.json}; the web map reads
 * it from {@code GET /api/presentation}, publishing builds its SLD styles from it, analysis
 * renders the parcel explanation with its templates and validates scenarios with its ranges.
 * Owns no table.
 */
package nl.infill.presentation;
