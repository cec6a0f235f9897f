/**
 * Layers: the whitelist of source layers ({@link nl.infill.layers.Layer}) with their typed
 * columns ({@link nl.infill.layers.ColumnType}), the vocabulary every module shares. The layer
 * tables are this module's, declared by {@code Layer} itself rather than by {@code @Owns}, and
 * published: every module may read them; ingest fills them, naming them only through
 * {@code Layer.table()}. Table {@code layer_table} is the database's copy of {@code Layer}'s list
 * (read only by the owner-rights bulk-swap functions), kept equal to it by {@code LayerWhitelistIT}.
 */
@Owns("layer_table")
package nl.infill.layers;

import nl.infill.system.Owns;
