/**
 * Ingest: loading GeoJSON and GeoPackage files, and harvesting OGC API - Features servers, into the layer tables, all-or-nothing, with a
 * report per load; presets and mapping files; the CLI and the upload endpoint; the sample city.
 * Public API: the event {@link nl.infill.ingest.LayerLoaded} and {@link nl.infill.ingest.LayerStates}
 * (each layer's data version and last load). {@code layer_state} is published: its version is
 * the data version analysis computes its criteria on, read in the same transaction.
 */
@Owns(value = {"load_history", "load_progress", "layer_state", "bulk_swap_saved_ddl", "infill_bulk_swap_begin",
        "infill_bulk_swap_end", "infill_require_layer_table", "infill_ingest_note",
        "infill_analyze_layer"},
        published = {"layer_state"})
package nl.infill.ingest;

import nl.infill.system.Owns;
