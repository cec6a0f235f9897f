package nl.infill.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import nl.infill.system.schema.OwnerDatabase;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One layer whitelist: {@link Layer} in Java and table {@code layer_table} in the database (what
 * the owner-rights bulk swap may empty, which layers have a data version) are the same list, so
 * adding a layer to one and not the other fails here.
 */
class LayerWhitelistIT {

    @BeforeAll
    static void migrated() {
        OwnerDatabase.migrate();
    }

    private static Connection owner() throws SQLException {
        return DriverManager.getConnection(OwnerDatabase.URL, OwnerDatabase.USER, OwnerDatabase.PASSWORD);
    }

    @Test
    void theDatabasesLayerTablesAreExactlyTheLayersOfTheEnum() throws SQLException {
        Map<String, String> java = Arrays.stream(Layer.values())
                .collect(Collectors.toMap(Layer::id, Layer::table, (a, b) -> a, TreeMap::new));
        Map<String, String> sql = new TreeMap<>();
        try (Connection c = owner(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT layer, table_name FROM layer_table")) {
            while (rs.next()) {
                sql.put(rs.getString(1), rs.getString(2));
            }
        }
        assertThat(sql).isEqualTo(java);
    }

    @Test
    void everyLayerHasADataVersionAndNothingElseHasOne() throws SQLException {
        List<String> versioned = new ArrayList<>();
        try (Connection c = owner(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT layer FROM layer_state ORDER BY layer")) {
            while (rs.next()) {
                versioned.add(rs.getString(1));
            }
        }
        assertThat(versioned).containsExactlyInAnyOrderElementsOf(Layer.ids());
    }

    @Test
    void theBulkSwapWhitelistAcceptsEveryLayerTableWithItsGeometryAndRefusesOtherTables() throws SQLException {
        try (Connection c = owner(); PreparedStatement p = c.prepareStatement("SELECT infill_require_layer_table(?)");
             PreparedStatement geom = c.prepareStatement(
                     "SELECT type FROM geometry_columns WHERE f_table_schema = 'public' AND f_table_name = ? AND srid = 28992")) {
            for (Layer layer : Layer.values()) {
                p.setString(1, layer.table());
                p.execute();
                geom.setString(1, layer.table());
                try (ResultSet rs = geom.executeQuery()) {
                    assertThat(rs.next()).as("%s has a geom column in EPSG:28992", layer.table()).isTrue();
                    assertThat(rs.getString(1)).as(layer.table()).isEqualToIgnoringCase(layer.geometryType());
                }
            }
            for (String other : List.of("load_history", "layer_table", "layer_state", "scenario", "parcels")) {
                p.setString(1, other);
                try {
                    p.execute();
                    throw new AssertionError(other + " passed the layer whitelist");
                } catch (SQLException e) {
                    assertThat(e.getSQLState()).as(other).isEqualTo("42501");
                    assertThat(e.getMessage()).contains("not a layer table: " + other);
                }
            }
        }
    }
}
