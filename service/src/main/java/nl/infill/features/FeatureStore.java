package nl.infill.features;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import nl.infill.geo.Crs;
import nl.infill.catalogue.Collection;
import nl.infill.catalogue.CollectionId;
import nl.infill.system.Sql;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * Reads features. PostGIS projects and formats the geometry ({@code ST_AsGeoJSON},
 * {@code ST_AsText}, {@code ST_AsBinary}); identifiers in the SQL come from
 * {@link Collection} and {@link Selection} only.
 */
@Component
class FeatureStore {

    /** One feature as GeoJSON text, with its id and sort key for keyset paging. */
    record FeatureRow(long id, Object sortKey, String json) {
    }

    /** Totals over a whole selection; capacity figures are null for plain parcels. */
    record Summary(long count, Double capacityM2, Double dwellings, Double meanScore, Map<String, Long> parcelsPerClass) {
    }

    /** Estimates this many times the count limit and above are not counted (planner estimates err both ways). */
    static final int ESTIMATE_FACTOR = 2;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;

    FeatureStore(JdbcClient jdbc, PlatformTransactionManager tx) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(tx);
        this.readOnly.setReadOnly(true);
    }

    /** Features of a selection as GeoJSON, with the sort column (or the id) as keyset key. */
    List<FeatureRow> features(Selection s, Crs crs, String sortColumn) {
        String sortKey = sortColumn == null ? "NULL" : "t." + sortColumn;
        return jdbc.sql(featureSql(s, crs, sortKey)).params(params(s, crs))
                .query((rs, i) -> new FeatureRow(rs.getLong("fid"), rs.getObject("sortkey"), rs.getString("feature")))
                .list();
    }

    Optional<String> feature(Collection c, long id, Crs crs) {
        Selection s = new Selection(c).where("t." + c.idColumn() + " = :fid").param("fid", id);
        return jdbc.sql(featureSql(s, crs, "NULL")).params(params(s, crs))
                .query((rs, i) -> rs.getString("feature")).optional();
    }

    /**
     * How many features a selection matches, or null when more than {@code bound}. The planner's
     * estimate is asked first: far above the bound ({@link #ESTIMATE_FACTOR} times or more), the count
     * is not tried, so a page of a large collection pays no count. Otherwise the scan stops after
     * bound + 1 matches, so a count never reads more than that many rows, whatever the estimate.
     */
    Long count(Selection s, int bound) {
        String estimate = Sql.load("features/count-estimate.sql").replace("{from}", s.from()).replace("{where}", s.whereSql());
        String plan = jdbc.sql(estimate).params(s.params()).query(String.class).single();
        if (JSON.readTree(plan).path(0).path("Plan").path("Plan Rows").asDouble(0) >= (double) bound * ESTIMATE_FACTOR) {
            return null;
        }
        String sql = Sql.load("features/count.sql").replace("{from}", s.from()).replace("{where}", s.whereSql());
        Map<String, Object> params = new LinkedHashMap<>(s.params());
        params.put("countLimit", bound + 1);
        long n = jdbc.sql(sql).params(params).query(Long.class).single();
        return n > bound ? null : n;
    }

    Summary summary(Selection s) {
        boolean results = s.collection().kind() == CollectionId.Kind.PARCEL_RESULTS;
        String sql = Sql.load(results ? "features/summary-results.sql" : "features/summary-parcels.sql")
                .replace("{from}", s.from()).replace("{where}", s.whereSql());
        return jdbc.sql(sql).params(s.params()).query((rs, i) -> summary(rs, results)).single();
    }

    /**
     * Streams a selection's features as GeoJSON text through a server-side cursor: a read-only
     * transaction (autocommit off) with a fetch size, so memory holds one batch at a time.
     */
    void streamFeatures(Selection s, Crs crs, int fetchSize, RowCallbackHandler handler) {
        String sql = featureSql(s, crs, "NULL");
        Map<String, Object> params = params(s, crs);
        readOnly.executeWithoutResult(tx -> jdbc.sql(sql).withFetchSize(fetchSize).params(params).query(handler));
    }

    /**
     * Streams plain columns ({@code fid}, each property, {@code geometry_out}) with the geometry
     * as WKT ({@code wkb=false}) or WKB, through a server-side cursor like {@link #streamFeatures}.
     */
    void streamRows(Selection s, Crs crs, boolean wkb, int fetchSize, RowCallbackHandler handler) {
        Collection c = s.collection();
        String geom = geometry(crs);
        String columns = c.columns().stream().map(p -> "t." + p.name()).collect(Collectors.joining(", "));
        String sql = Sql.load("features/rows.sql")
                .replace("{id}", c.idColumn())
                .replace("{columns}", columns)
                .replace("{geometry}", wkb ? "ST_AsBinary(" + geom + ")" : "ST_AsText(" + geom + ", :digits)")
                .replace("{from}", s.from())
                .replace("{where}", s.whereSql())
                .replace("{order}", s.order())
                .replace("{limit}", s.limit() == null ? "" : "LIMIT :rowLimit");
        Map<String, Object> params = params(s, crs);
        readOnly.executeWithoutResult(tx -> jdbc.sql(sql).withFetchSize(fetchSize).params(params).query(handler));
    }

    /**
     * Writes a selection as one FlatGeobuf file ({@code features/flatgeobuf.sql}) to {@code out},
     * read in chunks of {@code chunkBytes} through a cursor, so the JVM holds a chunk and a feature
     * at a time, never the file. Features with NULL properties get their property numbers repaired
     * on the way ({@link FlatGeobufNulls}); which they are is read first, in the same snapshot.
     */
    void writeFlatGeobuf(Selection s, Crs crs, boolean spatialIndex, int chunkBytes, OutputStream out) {
        Collection c = s.collection();
        String columns = c.columns().stream().map(p -> "t." + p.name()).collect(Collectors.joining(", "));
        StringBuilder masks = new StringBuilder("0::bigint");
        for (int i = 0; i < c.columns().size(); i++) {
            masks.append(" + CASE WHEN t.").append(c.columns().get(i).name()).append(" IS NULL THEN ")
                    .append(1L << (i + 1)).append("::bigint ELSE 0 END");
        }
        String maskSql = selection(Sql.load("features/null-masks.sql"), s).replace("{masks}", masks.toString());
        String sql = selection(Sql.load("features/flatgeobuf.sql"), s).replace("{columns}", columns)
                .replace("{geometry}", geometry(crs));
        String emptySql = Sql.load("features/flatgeobuf-empty.sql").replace("{id}", c.idColumn())
                .replace("{columns}", columns).replace("{geometry}", geometry(crs)).replace("{from}", s.from());
        Map<String, Object> params = params(s, crs);
        params.remove("digits");
        Map<String, Object> fileParams = new LinkedHashMap<>(params);
        fileParams.put("spatialIndex", spatialIndex);
        fileParams.put("chunk", chunkBytes);
        readOnly.executeWithoutResult(tx -> {
            FlatGeobufNulls.Masks nulls = jdbc.sql(maskSql).withFetchSize(10_000).params(params).query(rs -> {
                long[] ids = new long[1024];
                long[] bits = new long[1024];
                int n = 0;
                while (rs.next()) {
                    if (n == ids.length) {
                        ids = Arrays.copyOf(ids, n * 2);
                        bits = Arrays.copyOf(bits, n * 2);
                    }
                    ids[n] = rs.getLong(1);
                    bits[n++] = rs.getLong(2);
                }
                return new FlatGeobufNulls.Masks(Arrays.copyOf(ids, n), Arrays.copyOf(bits, n));
            });
            // Fetch size 1: a row is a whole chunk.
            boolean written = jdbc.sql(sql).withFetchSize(1).params(fileParams).query(rs -> {
                try {
                    return FlatGeobufNulls.copy(new ChunkStream(rs), out, nulls, c.id().value());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!written) {
                byte[] empty = jdbc.sql(emptySql).params(params).query(byte[].class).single();
                try {
                    FlatGeobufNulls.headerOnly(empty, out, c.id().value());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    private static String selection(String sql, Selection s) {
        Collection c = s.collection();
        return sql.replace("{id}", c.idColumn())
                .replace("{from}", s.from())
                .replace("{where}", s.whereSql())
                .replace("{order}", s.order())
                .replace("{limit}", s.limit() == null ? "" : "LIMIT :rowLimit");
    }

    /** The chunk rows of a result set (column 1, bytea) as one stream, a row at a time. */
    private static final class ChunkStream extends InputStream {
        private final ResultSet rows;
        private InputStream current;

        ChunkStream(ResultSet rows) {
            this.rows = rows;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                if (current != null) {
                    int n = current.read(b, off, len);
                    if (n >= 0) {
                        return n;
                    }
                    current.close();
                    current = null;
                }
                try {
                    if (!rows.next()) {
                        return -1;
                    }
                    current = rows.getBinaryStream(1);
                } catch (SQLException e) {
                    throw new IOException(e);
                }
                if (current == null) {
                    return -1;
                }
            }
        }
    }

    private static String featureSql(Selection s, Crs crs, String sortKey) {
        Collection c = s.collection();
        String props = c.columns().stream().map(p -> "'" + p.name() + "', t." + p.name())
                .collect(Collectors.joining(", "));
        return Sql.load("features/items.sql")
                .replace("{id}", c.idColumn())
                .replace("{sortkey}", sortKey)
                .replace("{geom}", geometry(crs))
                .replace("{props}", props)
                .replace("{from}", s.from())
                .replace("{where}", s.whereSql())
                .replace("{order}", s.order())
                .replace("{limit}", s.limit() == null ? "" : "LIMIT :rowLimit");
    }

    private static String geometry(Crs crs) {
        return crs == Crs.RD ? "t.geom" : "ST_Transform(t.geom, 4326)";
    }

    private static Map<String, Object> params(Selection s, Crs crs) {
        Map<String, Object> p = new LinkedHashMap<>(s.params());
        p.put("digits", crs.digits());
        if (s.limit() != null) {
            p.put("rowLimit", s.limit());
        }
        return p;
    }

    private static Summary summary(ResultSet rs, boolean results) throws SQLException {
        long n = rs.getLong("n");
        Map<String, Long> perClass = new LinkedHashMap<>();
        if (!results) {
            return new Summary(n, null, null, null, perClass);
        }
        for (int k = 1; k <= 5; k++) {
            perClass.put(Integer.toString(k), rs.getLong("c" + k));
        }
        Object mean = rs.getObject("mean_score");
        return new Summary(n, rs.getDouble("capacity_m2"), rs.getDouble("dwellings"),
                mean == null ? null : ((Number) mean).doubleValue(), perClass);
    }
}
