/**
 * Catalogue: the collections Infill serves (every layer, and per scenario its parcel results and
 * neighbourhood totals) with their identifiers, data versions, typed columns and extents, and
 * the layer catalogue {@code /api/layers}. Public API: {@link nl.infill.catalogue.Catalogue},
 * {@link nl.infill.catalogue.Collection}, {@link nl.infill.catalogue.CollectionId},
 * {@link nl.infill.catalogue.DataVersions}, {@link nl.infill.catalogue.Extent}. It owns no
 * table: versions come from ingest's {@code LayerStates} and analysis's {@code Scenarios}.
 */
package nl.infill.catalogue;
