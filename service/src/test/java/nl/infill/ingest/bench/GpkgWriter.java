package nl.infill.ingest.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.db.TableColumnKey;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryType;

/**
 * Writes GeoPackages for tests and the benchmark: NGA geopackage-java creates the file and the
 * feature tables (gpkg_contents, gpkg_geometry_columns, SRS), rows go in through one prepared
 * statement as GeoPackage blobs (8-byte header without envelope + WKB), fast enough for 1M rows.
 */
public final class GpkgWriter implements AutoCloseable {

    private final GeoPackage gpkg;
    private final Map<String, Long> srsIds = new LinkedHashMap<>();

    public GpkgWriter(Path file) {
        GeoPackageManager.create(file.toFile());
        this.gpkg = GeoPackageManager.open(file.toFile());
    }

    /** Creates a feature table {@code name} with geometry column {@code geom} and the given columns. */
    public void table(String name, GeometryType type, int epsg, Map<String, GeoPackageDataType> columns) throws SQLException {
        SpatialReferenceSystem srs = srs(epsg);
        GeometryColumns gc = new GeometryColumns();
        gc.setId(new TableColumnKey(name, "geom"));
        gc.setGeometryType(type);
        gc.setZ((byte) 0);
        gc.setM((byte) 0);
        gc.setSrs(srs);
        List<FeatureColumn> cols = new ArrayList<>();
        columns.forEach((c, t) -> cols.add(FeatureColumn.createColumn(c, t)));
        gpkg.createFeatureTable(FeatureTableMetadata.create(gc, cols));
        srsIds.put(name, srs.getSrsId());
    }

    private SpatialReferenceSystem srs(int epsg) throws SQLException {
        var dao = gpkg.getSpatialReferenceSystemDao();
        SpatialReferenceSystem srs = dao.queryForId((long) epsg);
        if (srs == null) {
            // NGA cannot build RD New's definition itself; readers only need organisation and code
            srs = new SpatialReferenceSystem();
            srs.setSrsName("EPSG:" + epsg);
            srs.setSrsId(epsg);
            srs.setOrganization("EPSG");
            srs.setOrganizationCoordsysId(epsg);
            srs.setDefinition("undefined");
            dao.create(srs);
        }
        return srs;
    }

    /** Inserts rows into {@code table}: geometry as WKB, then the values of {@code columns}. */
    public Rows rows(String table, List<String> columns) throws SQLException {
        Connection c = gpkg.getConnection().getConnection();
        c.setAutoCommit(false);
        StringBuilder sql = new StringBuilder("INSERT INTO \"" + table + "\" (geom");
        columns.forEach(col -> sql.append(", \"").append(col).append('"'));
        sql.append(") VALUES (?").append(", ?".repeat(columns.size())).append(')');
        return new Rows(c, c.prepareStatement(sql.toString()), srsIds.get(table).intValue());
    }

    /** A batch inserter; {@link #close()} commits. */
    public static final class Rows implements AutoCloseable {
        private final Connection c;
        private final PreparedStatement ps;
        private final int srsId;
        private long n;

        Rows(Connection c, PreparedStatement ps, int srsId) {
            this.c = c;
            this.ps = ps;
            this.srsId = srsId;
        }

        public void add(byte[] wkb, Object... values) throws SQLException {
            ByteBuffer b = ByteBuffer.allocate(8 + (wkb == null ? 0 : wkb.length)).order(ByteOrder.LITTLE_ENDIAN);
            b.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) 1).putInt(srsId);
            if (wkb != null) {
                b.put(wkb);
            }
            ps.setBytes(1, wkb == null ? null : b.array());
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 2, values[i]);
            }
            ps.addBatch();
            if (++n % 10_000 == 0) {
                ps.executeBatch();
            }
        }

        @Override
        public void close() throws SQLException {
            ps.executeBatch();
            ps.close();
            c.commit();
            c.setAutoCommit(true);
        }
    }

    @Override
    public void close() {
        gpkg.close();
    }
}
