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

import nl.infill.layers.Layer;
import nl.infill.system.Sql;

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

    void begin() {
        // A big load may take minutes; the API's statement timeout is for queries, not for this.
        jdbc.sql("SET LOCAL statement_timeout = 0").update();
    }

    void create(Layer layer) {
        String defs = layer.columns().stream()
                .map(c -> ",\n    " + c.name() + " " + sqlType(c.type()))
                .collect(Collectors.joining());
        jdbc.sql(IngestSql.load("stage-create.sql").replace("{columnDefs}", defs)).update();
    }

    boolean sridKnown(int srid) {
        return jdbc.sql(IngestSql.load("srid-known.sql")).param("srid", srid).query(Boolean.class).single();
    }

    /** Opens a COPY into the staging table on the transaction's connection. */
    StageWriter copy(Layer layer) {
        String cols = layer.columns().stream().map(Layer.Column::name).collect(Collectors.joining(", "));
        String sql = "COPY ingest_stage (idx, geom, reason, " + cols + ") FROM STDIN";
        Connection c = DataSourceUtils.getConnection(dataSource);
        try {
            PGConnection pg = c.unwrap(PGConnection.class);
            return new StageWriter(new PGCopyOutputStream(pg, sql, 1 << 16), layer.columns());
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into the staging table failed to start", e);
        }
    }

    void prepare(Layer layer, int srid, Crs.Bounds source, String crsName) {
        String extract = switch (layer.geometryType()) {
            case "MultiPolygon" -> "ST_Multi(ST_CollectionExtract(valid_rd, 3))";
            case "LineString" -> "ST_CollectionExtract(valid_rd, 2)";
            case "Point" -> "ST_CollectionExtract(valid_rd, 1)";
            default -> throw new IllegalStateException(layer.geometryType());
        };
        String cols = layer.columns().stream().map(c -> ",\n       " + c.name()).collect(Collectors.joining());
        double inf = Double.MAX_VALUE;
        String crsText = source == null ? crsName : crsName + " (" + source.text() + " for the Netherlands)";
        jdbc.sql(IngestSql.load("stage-prepare.sql").replace("{extract}", extract).replace("{columns}", cols))
                .param("srid", srid)
                .param("srcMinX", source == null ? -inf : source.minX())
                .param("srcMaxX", source == null ? inf : source.maxX())
                .param("srcMinY", source == null ? -inf : source.minY())
                .param("srcMaxY", source == null ? inf : source.maxY())
                .param("rdMinX", Crs.RD_BOUNDS.minX()).param("rdMaxX", Crs.RD_BOUNDS.maxX())
                .param("rdMinY", Crs.RD_BOUNDS.minY()).param("rdMaxY", Crs.RD_BOUNDS.maxY())
                .param("crsText", crsText).param("crsName", crsName).param("rdText", Crs.RD_BOUNDS.text())
                .param("layerType", layer.geometryType().replace("Multi", "").toLowerCase())
                .update();
        for (String statement : statements(IngestSql.load("checks/" + layer.id() + ".sql"))) {
            jdbc.sql(statement).update();
        }
    }

    Counts counts() {
        return jdbc.sql(IngestSql.load("ready-counts.sql")).query((rs, i) -> new Counts(rs.getInt("usable"),
                rs.getInt("repaired"), rs.getInt("reduced"), rs.getInt("rejected"))).single();
    }

    List<LoadReport.Rejection> rejections(int limit) {
        return jdbc.sql(IngestSql.load("ready-rejections.sql")).param("limit", limit)
                .query((rs, i) -> new LoadReport.Rejection(rs.getLong("idx"), rs.getString("reason"))).list();
    }

    long lock(Layer layer) {
        return jdbc.sql(IngestSql.load("lock-layer.sql")).param("layer", layer.id()).query(Long.class).single();
    }

    /** Replaces the layer's rows by the usable features; returns the number of rows inserted. */
    int swap(Layer layer, long loadId, boolean bulk) {
        String cols = layer.columns().stream().map(Layer.Column::name).collect(Collectors.joining(", "));
        String geom = layer.geometryType().startsWith("Multi") ? "geom" : "(ST_Dump(geom)).geom";
        List<String> st = statements(IngestSql.load(bulk ? "swap-bulk.sql" : "swap.sql")
                .replace("{table}", layer.table()).replace("{columns}", cols).replace("{geom}", geom));
        int inserted = 0;
        for (String statement : st) {
            if (statement.contains(":loadId")) {
                inserted = jdbc.sql(statement).param("loadId", loadId).update();
            } else {
                jdbc.sql(statement).update();
            }
        }
        return inserted;
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

    private static String sqlType(String type) {
        return switch (type) {
            case "text" -> "text";
            case "integer" -> "integer";
            case "double" -> "double precision";
            case "boolean" -> "boolean";
            default -> throw new IllegalStateException("column type " + type);
        };
    }

    /** Writes staging rows in COPY text format; values are already converted to the column types. */
    static final class StageWriter implements AutoCloseable {

        private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
        private final OutputStream out;
        private final List<Layer.Column> columns;
        private final StringBuilder line = new StringBuilder(256);
        private byte[] buf = new byte[1 << 12];

        StageWriter(OutputStream out, List<Layer.Column> columns) {
            this.out = out;
            this.columns = columns;
        }

        void write(long idx, byte[] wkb, String reason, Object[] values) {
            try {
                out.write(Long.toString(idx).getBytes(StandardCharsets.US_ASCII));
                out.write('\t');
                if (wkb == null) {
                    out.write('\\');
                    out.write('N');
                } else {
                    int n = wkb.length * 2;
                    if (buf.length < n) {
                        buf = new byte[Math.max(n, buf.length * 2)];
                    }
                    for (int i = 0; i < wkb.length; i++) {
                        buf[2 * i] = HEX[(wkb[i] >> 4) & 0xf];
                        buf[2 * i + 1] = HEX[wkb[i] & 0xf];
                    }
                    out.write(buf, 0, n);
                }
                line.setLength(0);
                line.append('\t');
                text(reason);
                for (int i = 0; i < columns.size(); i++) {
                    line.append('\t');
                    Object v = values[i];
                    text(v == null ? null : v instanceof String s ? s : String.valueOf(v));
                }
                line.append('\n');
                out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void text(String s) {
            if (s == null) {
                line.append("\\N");
                return;
            }
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                switch (ch) {
                    case '\\' -> line.append("\\\\");
                    case '\t' -> line.append("\\t");
                    case '\n' -> line.append("\\n");
                    case '\r' -> line.append("\\r");
                    case '\0' -> { }
                    default -> line.append(ch);
                }
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
