package nl.infill.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import nl.infill.geo.Crs;
import nl.infill.layers.Layer;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Staging, validation and swap of one load. Every method runs inside the load's transaction,
 * on its connection (the temp tables live there); identifiers come from the {@link Layer}
 * whitelist only.
 */
@Repository
class StagingStore {

    record Counts(int usable, int repaired, int reduced, int rejected) {
    }

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    StagingStore(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /**
     * A big load may take minutes: the API's statement timeout is for queries, not for this. Each
     * statement of the load gets what is left of the load's own time (infill.ingest.max-duration)
     * instead, so that PostgreSQL stops it too should the service not.
     */
    void begin(java.time.Duration remaining) {
        timeout(remaining);
    }

    /** The statement timeout of the rest of this load's transaction. */
    void timeout(java.time.Duration remaining) {
        // PostgreSQL takes at most INT_MAX ms (24.8 days); an unbounded load (a harvest, bounded by its
        // own infill.harvest.max-duration) gets 0, no timeout, as before
        nl.infill.system.StatementTimeout.extendForTransaction(jdbc,
                remaining.toMillis() >= Integer.MAX_VALUE ? java.time.Duration.ZERO : remaining);
    }

    void create(Layer layer) {
        String defs = layer.columns().stream()
                .map(c -> ",\n    " + c.name() + " " + c.type().sqlType())
                .collect(Collectors.joining());
        for (String statement : statements(IngestSql.load("stage-create.sql").replace("{columnDefs}", defs))) {
            jdbc.sql(statement).update();
        }
    }

    boolean sridKnown(int srid) {
        return jdbc.sql(IngestSql.load("srid-known.sql")).param("srid", srid).query(Boolean.class).single();
    }

    /** Opens a COPY into the staging table on the transaction's connection. */
    StageWriter copy(Layer layer) {
        String cols = layer.columns().stream().map(Layer.Column::name).collect(Collectors.joining(", "));
        String sql = "COPY ingest_stage (idx, geom, reason, " + cols + ") FROM STDIN (FORMAT binary)";
        Connection c = DataSourceUtils.getConnection(dataSource);
        try {
            PGConnection pg = c.unwrap(PGConnection.class);
            return new StageWriter(new PGCopyOutputStream(pg, sql, 1 << 16), layer.columns());
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into the staging table failed to start", e);
        }
    }

    /**
     * Empties the layer in the load's transaction: DELETE for small loads (indexes kept, readers
     * go on seeing the old rows), or for bulk loads TRUNCATE with the indexes taken off until
     * {@link #rebuild}.
     */
    void clear(Layer layer, boolean bulk) {
        if (bulk) {
            jdbc.sql(IngestSql.load("bulk-begin.sql")).param("table", layer.table()).query().singleValue();
        } else {
            jdbc.sql(IngestSql.load("clear-layer.sql").replace("{table}", layer.table())).update();
        }
    }

    /** After a bulk {@link #clear}: every index built once over the new rows. */
    void rebuild(Layer layer) {
        jdbc.sql(IngestSql.load("bulk-end.sql")).param("table", layer.table()).query().singleValue();
    }

    /** Planner statistics over the new rows, before the load commits (a run may follow at once). */
    void analyze(Layer layer) {
        jdbc.sql(IngestSql.load("analyze-layer.sql")).param("table", layer.table()).query().singleValue();
    }

    /**
     * The one pass from the staged features into the emptied layer (load-layer.sql): reprojects,
     * range-checks, repairs, reduces, applies the layer's rules, inserts the usable features and
     * notes the others. Returns the number of rows inserted (parts, for the single-part layers).
     */
    int fill(Layer layer, long loadId, int srid, Crs.Area source, String crsName) {
        // A valid geometry already of the layer's type goes as it is (most rows: no copy);
        // the rest is repaired when invalid and reduced to the layer's type.
        String extract = switch (layer.geometryType()) {
            case "MultiPolygon" -> "CASE WHEN NOT invalid AND GeometryType(rd) = 'MULTIPOLYGON' THEN rd"
                    + " ELSE ST_Multi(ST_CollectionExtract(%s, 3)) END";
            case "LineString" -> "CASE WHEN NOT invalid AND GeometryType(rd) IN ('LINESTRING', 'MULTILINESTRING') THEN rd"
                    + " ELSE ST_CollectionExtract(%s, 2) END";
            case "Point" -> "CASE WHEN NOT invalid AND GeometryType(rd) IN ('POINT', 'MULTIPOINT') THEN rd"
                    + " ELSE ST_CollectionExtract(%s, 1) END";
            default -> throw new IllegalStateException(layer.geometryType());
        };
        String cols = layer.columns().stream().map(Layer.Column::name).collect(Collectors.joining(", "));
        String values = layer.columns().stream().map(c -> derived(layer, c)).collect(Collectors.joining(", "));
        String geom = layer.geometryType().startsWith("Multi") ? "out_geom" : "(ST_Dump(out_geom)).geom";
        // Bounds of a CRS without a plausible range: a box no coordinate leaves (float boxes in PostGIS).
        double inf = 1e30;
        String crsText = source == null ? crsName : crsName + " (" + source.text() + " for the Netherlands)";
        String sql = IngestSql.load("load-layer.sql")
                .replace("{extract}", extract.formatted("CASE WHEN invalid THEN ST_MakeValid(rd) ELSE rd END"))
                .replace("{checks}", IngestSql.load("checks/" + layer.id() + ".sql").strip())
                .replace("{table}", layer.table()).replace("{columns}", cols).replace("{values}", values)
                .replace("{geom}", geom);
        return jdbc.sql(sql)
                .param("srid", srid)
                .param("srcMinX", source == null ? -inf : source.minX())
                .param("srcMaxX", source == null ? inf : source.maxX())
                .param("srcMinY", source == null ? -inf : source.minY())
                .param("srcMaxY", source == null ? inf : source.maxY())
                .param("rdMinX", Crs.RD_AREA.minX()).param("rdMaxX", Crs.RD_AREA.maxX())
                .param("rdMinY", Crs.RD_AREA.minY()).param("rdMaxY", Crs.RD_AREA.maxY())
                .param("crsText", crsText).param("crsName", crsName).param("rdText", Crs.RD_AREA.text())
                .param("layerType", layer.geometryType().replace("Multi", "").toLowerCase())
                .param("loadId", loadId)
                .update();
    }

    /** A column's value expression: the staged value, or for a parcel without an area its planar area in RD. */
    private static String derived(Layer layer, Layer.Column c) {
        return layer == Layer.PARCELS && c.name().equals("area_m2") ? "COALESCE(area_m2, ST_Area(out_geom))" : c.name();
    }

    /** The report's counts; {@code staged} is the number of features written to the staging table. */
    Counts counts(int staged) {
        return jdbc.sql(IngestSql.load("notes-counts.sql")).query((rs, i) -> new Counts(
                staged - rs.getInt("rejected"), rs.getInt("repaired"), rs.getInt("reduced"), rs.getInt("rejected")))
                .single();
    }

    /** The first rejections with their location; srid and source as given to {@link #fill}. */
    List<LoadReport.Rejection> rejections(int limit, int srid, Crs.Area source) {
        // no plausible range known for the CRS: any coordinate counts as located, as in fill()
        double inf = 1e30;
        return jdbc.sql(IngestSql.load("rejections.sql")).param("limit", limit).param("srid", srid)
                .param("srcMinX", source == null ? -inf : source.minX())
                .param("srcMaxX", source == null ? inf : source.maxX())
                .param("srcMinY", source == null ? -inf : source.minY())
                .param("srcMaxY", source == null ? inf : source.maxY())
                .query((rs, i) -> new LoadReport.Rejection(rs.getLong("idx"), rs.getString("reason"),
                        rs.getObject("lon", Double.class), rs.getObject("lat", Double.class))).list();
    }

    long lock(Layer layer) {
        return jdbc.sql(IngestSql.load("lock-layer.sql")).param("layer", layer.id()).query(Long.class).single();
    }

    long bumpVersion(Layer layer, long loadId) {
        return jdbc.sql(IngestSql.load("bump-version.sql")).param("layer", layer.id()).param("loadId", loadId)
                .query(Long.class).single();
    }

    private static List<String> statements(String sql) {
        return java.util.Arrays.stream(sql.split(";\\s*\\n"))
                .map(s -> s.lines().filter(l -> !l.trim().startsWith("--")).collect(Collectors.joining("\n")).trim())
                .filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Writes staging rows in PostgreSQL's binary COPY format: numbers as they are and the
     * geometry as the WKB the source gave, which PostGIS's binary input reads directly (the text
     * format costs a hex encoding here and the parsing of every field there, and the server side of
     * the COPY is what a big load waits on). Values are already converted to the column types.
     */
    static final class StageWriter implements AutoCloseable {

        private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
        private final OutputStream out;
        private final List<Layer.Column> columns;
        private final byte[] num = new byte[8];
        private long bytes;

        StageWriter(OutputStream out, List<Layer.Column> columns) {
            this.out = out;
            this.columns = columns;
            try {
                out.write(SIGNATURE);
                int32(0); // flags: no OIDs
                int32(0); // header extension length
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void write(long idx, byte[] wkb, String reason, Object[] values) {
            try {
                int16(3 + columns.size());
                int32(8);
                int64(idx);
                bytes(wkb);
                text(reason);
                for (int i = 0; i < columns.size(); i++) {
                    Object v = values[i];
                    if (v == null) {
                        int32(-1);
                        continue;
                    }
                    switch (columns.get(i).type()) {
                        case TEXT -> text(v instanceof String str ? str : String.valueOf(v));
                        case INTEGER -> {
                            int32(4);
                            int32(((Number) v).intValue());
                        }
                        case DOUBLE -> {
                            int32(8);
                            int64(Double.doubleToLongBits(((Number) v).doubleValue()));
                        }
                        case BOOLEAN -> {
                            int32(1);
                            out.write(((Boolean) v) ? 1 : 0);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void text(String s) throws IOException {
            if (s == null) {
                int32(-1);
                return;
            }
            // PostgreSQL text cannot hold NUL characters
            bytes((s.indexOf('\0') >= 0 ? s.replace("\0", "") : s).getBytes(StandardCharsets.UTF_8));
        }

        private void bytes(byte[] b) throws IOException {
            if (b == null) {
                int32(-1);
                return;
            }
            int32(b.length);
            out.write(b);
            bytes += b.length;
        }

        /** Bytes of geometry and text written so far (numbers and framing not counted: bounded per row). */
        long bytes() {
            return bytes;
        }

        private void int16(int v) throws IOException {
            num[0] = (byte) (v >>> 8);
            num[1] = (byte) v;
            out.write(num, 0, 2);
        }

        private void int32(int v) throws IOException {
            num[0] = (byte) (v >>> 24);
            num[1] = (byte) (v >>> 16);
            num[2] = (byte) (v >>> 8);
            num[3] = (byte) v;
            out.write(num, 0, 4);
        }

        private void int64(long v) throws IOException {
            for (int i = 7; i >= 0; i--) {
                num[7 - i] = (byte) (v >>> (8 * i));
            }
            out.write(num, 0, 8);
        }

        @Override
        public void close() {
            try {
                int16(-1); // file trailer
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
