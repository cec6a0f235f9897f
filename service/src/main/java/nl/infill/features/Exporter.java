package nl.infill.features;

import java.io.BufferedWriter;
import java.io.File;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import mil.nga.geopackage.BoundingBox;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.db.TableColumnKey;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryType;
import nl.infill.geo.Crs;
import nl.infill.catalogue.Collection;
import nl.infill.catalogue.VersionedReads;
import nl.infill.layers.ColumnType;
import nl.infill.layers.Layer;
import nl.infill.publishing.LayerStyles;
import nl.infill.system.Sql;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes a selection as GeoJSON, CSV (WKT geometry, RFC 4180) or GeoPackage. Rows come through
 * a server-side cursor and go straight out, so memory stays bounded whatever the row count; a
 * GeoPackage is built in a temporary file in batches of transactions, then copied out and deleted.
 */
@Component
class Exporter {

    enum Kind {
        GEOJSON("geojson", "application/geo+json"),
        CSV("csv", "text/csv;charset=UTF-8"),
        GPKG("gpkg", "application/geopackage+sqlite3"),
        FLATGEOBUF("fgb", "application/flatgeobuf");

        final String extension;
        final String mediaType;

        Kind(String extension, String mediaType) {
            this.extension = extension;
            this.mediaType = mediaType;
        }
    }

    private final FeatureStore store;
    private final FeaturesSettings settings;
    private final JdbcClient jdbc;
    private final VersionedReads reads;

    Exporter(FeatureStore store, FeaturesSettings settings, JdbcClient jdbc, VersionedReads reads) {
        this.store = store;
        this.settings = settings;
        this.jdbc = jdbc;
        this.reads = reads;
    }

    /** Bytes per chunk of a FlatGeobuf export: big enough for few round trips, small beside the heap. */
    private static final int FGB_CHUNK_BYTES = 1 << 20;

    /**
     * Writes the export, from a standby when one has replayed {@code token} (the collection's version
     * when the request came in, {@link VersionedReads#token}), else from the primary. A standby that
     * fails before a byte has gone out hands the export to the primary; after that the download is
     * cut off, as it would be by a primary failing mid-stream.
     *
     * @param spatialIndex FlatGeobuf only: whether the file carries its packed Hilbert R-tree
     */
    void write(Kind kind, Selection s, Crs crs, boolean spatialIndex, String token, OutputStream out) throws IOException {
        CountingOutputStream counted = new CountingOutputStream(out);
        try {
            reads.read(s.collection().id(), token, () -> {
                try {
                    write(kind, s, crs, spatialIndex, counted);
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, () -> counted.count == 0);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Bytes passed on so far: whether an export may still start again elsewhere. */
    private static final class CountingOutputStream extends FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    private void write(Kind kind, Selection s, Crs crs, boolean spatialIndex, OutputStream out) throws IOException {
        switch (kind) {
            case GEOJSON -> geoJson(s, crs, out);
            case CSV -> csv(s, crs, out);
            case FLATGEOBUF -> flatGeobuf(s, crs, spatialIndex, out);
            case GPKG -> geoPackage(s, crs, out);
        }
    }

    private void flatGeobuf(Selection s, Crs crs, boolean spatialIndex, OutputStream out) throws IOException {
        store.writeFlatGeobuf(s, crs, spatialIndex, FGB_CHUNK_BYTES, out);
        out.flush();
    }

    private void geoJson(Selection s, Crs crs, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\""
                + (crs == Crs.RD ? "urn:ogc:def:crs:EPSG::28992" : "urn:ogc:def:crs:OGC:1.3:CRS84") + "\"}},\"features\":[\n");
        boolean[] first = {true};
        store.streamFeatures(s, crs, settings.exportFetchSize(), rs -> {
            try {
                if (!first[0]) {
                    w.write(",\n");
                }
                first[0] = false;
                w.write(rs.getString("feature"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        w.write("\n]}\n");
        w.flush();
    }

    private void csv(Selection s, Crs crs, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        List<Layer.Column> props = s.collection().columns();
        List<String> header = new ArrayList<>();
        header.add("feature_id");
        props.forEach(p -> header.add(p.name()));
        header.add("wkt");
        w.write(String.join(",", header) + "\r\n");
        store.streamRows(s, crs, false, settings.exportFetchSize(), rs -> {
            try {
                StringBuilder line = new StringBuilder(256);
                line.append(rs.getLong("fid"));
                for (Layer.Column p : props) {
                    String v = text(rs, p);
                    line.append(',').append(csvField(p.type() == ColumnType.TEXT ? neutralised(v) : v));
                }
                line.append(',').append(csvField(rs.getString("geometry_out"))).append("\r\n");
                w.write(line.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        w.flush();
    }

    private static String text(ResultSet rs, Layer.Column p) throws SQLException {
        if (p.type() == ColumnType.BOOLEAN) {
            boolean b = rs.getBoolean(p.name());
            return rs.wasNull() ? null : Boolean.toString(b);
        }
        return rs.getString(p.name());
    }

    /**
     * A text cell a spreadsheet would run as a formula ({@code =HYPERLINK(...)}, {@code +}, {@code -},
     * {@code @}, or a leading tab or CR) gets a leading apostrophe, as OWASP advises against CSV
     * injection. Only text attributes: numbers come from numeric columns (a negative number stays a
     * number) and the WKT starts with a letter.
     */
    static String neutralised(String v) {
        if (v == null || v.isEmpty()) {
            return v;
        }
        char c = v.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + v : v;
    }

    /** RFC 4180: quote a field holding a comma, quote, CR or LF, doubling inner quotes. */
    static String csvField(String v) {
        if (v == null) {
            return "";
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    private void geoPackage(Selection s, Crs crs, OutputStream out) throws IOException {
        Path dir = Files.createTempDirectory("infill-export");
        File file = dir.resolve("export.gpkg").toFile();
        try {
            GeoPackageManager.create(file);
            try (GeoPackage gpkg = GeoPackageManager.open(file)) {
                fill(gpkg, s, crs);
            }
            Files.copy(file.toPath(), out);
            out.flush();
        } finally {
            Files.deleteIfExists(file.toPath());
            Files.deleteIfExists(dir.resolve("export.gpkg-journal"));
            Files.deleteIfExists(dir);
        }
    }

    private void fill(GeoPackage gpkg, Selection s, Crs crs) {
        Collection c = s.collection();
        String table = c.id().value().replace('-', '_');
        SpatialReferenceSystem srs = srs(gpkg, crs);
        GeometryColumns gc = new GeometryColumns();
        gc.setId(new TableColumnKey(table, "geom"));
        gc.setGeometryType(GeometryType.fromName(c.geometryType().toUpperCase(Locale.ROOT)));
        gc.setZ((byte) 0);
        gc.setM((byte) 0);
        gc.setSrs(srs);
        List<FeatureColumn> columns = new ArrayList<>();
        columns.add(FeatureColumn.createColumn("feature_id", GeoPackageDataType.INTEGER));
        for (Layer.Column p : c.columns()) {
            columns.add(FeatureColumn.createColumn(p.name(), switch (p.type()) {
                case INTEGER -> GeoPackageDataType.INTEGER;
                case DOUBLE -> GeoPackageDataType.DOUBLE;
                case BOOLEAN -> GeoPackageDataType.BOOLEAN;
                case TEXT -> GeoPackageDataType.TEXT;
            }));
        }
        double[] b = crs.bounds();
        gpkg.createFeatureTable(FeatureTableMetadata.create(gc, columns, new BoundingBox(b[0], b[1], b[2], b[3])));
        FeatureDao dao = gpkg.getFeatureDao(table);
        int batch = settings.gpkgBatchSize();
        int[] inBatch = {0};
        gpkg.beginTransaction();
        try {
            store.streamRows(s, crs, true, settings.exportFetchSize(), rs -> {
                FeatureRow row = dao.newRow();
                row.setValue("feature_id", rs.getLong("fid"));
                for (Layer.Column p : c.columns()) {
                    Object v = switch (p.type()) {
                        case INTEGER -> rs.getObject(p.name()) == null ? null : rs.getLong(p.name());
                        case DOUBLE -> rs.getObject(p.name()) == null ? null : rs.getDouble(p.name());
                        case BOOLEAN -> rs.getObject(p.name()) == null ? null : rs.getBoolean(p.name());
                        case TEXT -> rs.getString(p.name());
                    };
                    row.setValue(p.name(), v);
                }
                try {
                    row.setGeometry(GeoPackageGeometryData.createFromWkbAndBuildEnvelope(srs.getSrsId(),
                            rs.getBytes("geometry_out")));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                dao.create(row);
                if (++inBatch[0] >= batch) {
                    gpkg.endAndBeginTransaction();
                    inBatch[0] = 0;
                }
            });
            gpkg.endTransaction(true);
        } catch (RuntimeException e) {
            gpkg.failTransaction();
            throw e;
        }
        LayerStyles.of(c).ifPresent(style -> layerStyle(gpkg, table, style));
    }

    /**
     * The QGIS convention for a style inside a GeoPackage (the table QGIS writes with "Save as
     * default" and reads when the layer opens): one row naming the table, with the published SLD
     * and its QML translation, registered in gpkg_contents as attributes the way GDAL registers it.
     */
    private static void layerStyle(GeoPackage gpkg, String table, LayerStyles.Style style) {
        gpkg.execSQL("""
                CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, f_table_catalog TEXT(256),
                  f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30),
                  styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
                  update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))""");
        gpkg.execSQL("INSERT INTO gpkg_contents (table_name, data_type, identifier, description) "
                + "VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS layer styles')");
        try (PreparedStatement insert = gpkg.getConnection().getConnection().prepareStatement("""
                INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName,
                  styleQML, styleSLD, useAsDefault, description, owner)
                VALUES ('', '', ?, 'geom', ?, ?, ?, 1, ?, 'infill')""")) {
            insert.setString(1, table);
            insert.setString(2, style.name());
            insert.setString(3, style.qml());
            insert.setString(4, style.sld());
            insert.setString(5, style.title());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("GeoPackage layer_styles", e);
        }
    }

    private SpatialReferenceSystem srs(GeoPackage gpkg, Crs crs) {
        var dao = gpkg.getSpatialReferenceSystemDao();
        try {
            if (crs == Crs.CRS84) {
                return dao.getOrCreateCode("EPSG", 4326);
            }
            SpatialReferenceSystem existing = dao.queryForId((long) crs.srid());
            if (existing != null) {
                return existing;
            }
            // The definition comes from PostGIS's own catalogue, the same one that projected the data.
            String wkt = jdbc.sql(Sql.load("features/srs-definition.sql")).param("srid", crs.srid())
                    .query(String.class).single();
            SpatialReferenceSystem srs = new SpatialReferenceSystem();
            srs.setSrsName("Amersfoort / RD New");
            srs.setSrsId(crs.srid());
            srs.setOrganization("EPSG");
            srs.setOrganizationCoordsysId(crs.srid());
            srs.setDefinition(wkt);
            srs.setDescription("Amersfoort / RD New");
            dao.create(srs);
            return srs;
        } catch (SQLException e) {
            throw new IllegalStateException("GeoPackage spatial reference system", e);
        }
    }
}
