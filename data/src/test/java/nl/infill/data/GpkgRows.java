package nl.infill.data;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Geometry;

/** Reads a generated GeoPackage back with plain SQLite JDBC, so tests do not trust the writer. */
final class GpkgRows implements AutoCloseable {

    private final Connection connection;

    GpkgRows(Path file) throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** Every row of a query as column name -> value (geometry blobs decoded to JTS). */
    List<Map<String, Object>> query(String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int c = 1; c <= n; c++) {
                    Object v = rs.getObject(c);
                    String name = rs.getMetaData().getColumnName(c);
                    row.put(name, v instanceof byte[] blob && name.equals("geom") ? GpkgGeometry.decode(blob) : v);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    List<Geometry> geometries(String table) throws SQLException {
        return query("SELECT geom FROM \"" + table + "\" ORDER BY id").stream()
                .map(r -> (Geometry) r.get("geom")).toList();
    }

    long count(String table) throws SQLException {
        return ((Number) query("SELECT count(*) AS n FROM \"" + table + "\"").get(0).get("n")).longValue();
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
