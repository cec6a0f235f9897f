package nl.infill.system.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The service's own connection (the app role) can change rows but not the schema or roles. */
@SpringBootTest
class LeastPrivilegeIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @BeforeEach
    void onlyWithTheAppRole() {
        assumeTrue("infill_app".equals(jdbc.sql("SELECT current_user").query(String.class).single()),
                "least-privilege test skipped: the service connects as the owner (INFILL_APP_DB_PASSWORD unset)");
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s.getSQLState();
            }
        }
        return null;
    }

    @Test
    void appRoleCannotDropCreateOrAlterTablesNorTouchRoles() {
        List<String> forbidden = List.of(
                "DROP TABLE parcel",
                "CREATE TABLE attacker_table (id int)",
                "ALTER TABLE parcel ADD COLUMN owned boolean",
                "TRUNCATE parcel",
                "CREATE ROLE attacker LOGIN",
                "ALTER ROLE infill_app SUPERUSER",
                "ALTER ROLE infill PASSWORD 'x'",
                "CREATE FUNCTION attacker() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                "COPY parcel TO '/tmp/parcel.csv'",
                "DELETE FROM flyway_schema_history",
                // the bulk swap's saved definitions are run as DDL by the owner: the role must not write them
                "INSERT INTO bulk_swap_saved_ddl VALUES ('amenity', 1, 'DROP TABLE parcel')",
                "UPDATE bulk_swap_saved_ddl SET ddl = 'DROP TABLE parcel'",
                // widening the bulk swap's whitelist would let the app role make the owner truncate any table
                "INSERT INTO layer_table VALUES ('history', 'load_history')",
                "UPDATE layer_table SET table_name = 'load_history' WHERE layer = 'parcels'");
        for (String sql : forbidden) {
            assertThatThrownBy(() -> jdbc.sql(sql).update()).as(sql)
                    .satisfies(e -> assertThat(sqlState(e)).as(sql + " -> insufficient_privilege").isEqualTo("42501"));
        }
        assertThat(jdbc.sql("SELECT to_regclass('attacker_table')").query(String.class).optional()).isEmpty();
    }

    @Test
    void bulkSwapAndAnalyzeRunWithOwnerRightsOnlyForLayerTables() {
        // Rolled back: the amenity layer is emptied, its indexes taken off and built again.
        String indexesAndKeys = """
                SELECT string_agg(d, '; ' ORDER BY d) FROM (
                  SELECT pg_get_indexdef(indexrelid) AS d FROM pg_index WHERE indrelid = 'amenity'::regclass) x""";
        String before = jdbc.sql(indexesAndKeys).query(String.class).single();
        List<String> during = tx.execute(s -> {
            jdbc.sql("SELECT infill_bulk_swap_begin('amenity')").query().singleValue();
            String off = jdbc.sql(indexesAndKeys).query(String.class).single();
            jdbc.sql("SELECT infill_bulk_swap_end('amenity')").query().singleValue();
            String back = jdbc.sql(indexesAndKeys).query(String.class).single();
            s.setRollbackOnly();
            return List.of(off, back);
        });
        assertThat(before).contains("amenity_geom_idx", "amenity_pkey");
        assertThat(during.get(0)).as("only the primary key left during the load").doesNotContain("gist")
                .contains("amenity_pkey");
        assertThat(during.get(1)).as("everything back after it").isEqualTo(before);
        jdbc.sql("SELECT infill_analyze_layer('amenity')").query().singleValue(); // ANALYZE is the owner's
        for (String table : List.of("flyway_schema_history", "load_history", "scenario", "pg_authid", "parcel; DROP TABLE parcel")) {
            assertThatThrownBy(() -> jdbc.sql("SELECT infill_bulk_swap_begin(?)").param(table).query().singleValue())
                    .as(table).satisfies(e -> assertThat(sqlState(e)).isEqualTo("42501"));
            assertThatThrownBy(() -> jdbc.sql("SELECT infill_analyze_layer(?)").param(table).query().singleValue())
                    .as("ANALYZE " + table).satisfies(e -> assertThat(sqlState(e)).isEqualTo("42501"));
        }
    }

    @Test
    void appRoleReadsAndWritesEveryOwnedTableAndMayStageInTemporaryTables() {
        List<String> missing = jdbc.sql("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname NOT IN ('flyway_schema_history', 'bulk_swap_saved_ddl', 'layer_table')
                   AND pg_get_userbyid(c.relowner) = 'infill'
                   AND NOT has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE')""")
                .query(String.class).list();
        assertThat(missing).as("tables the service cannot read and write").isEmpty();
        Integer staged = tx.execute(s -> {
            jdbc.sql("CREATE TEMP TABLE staging_check (id int) ON COMMIT DROP").update();
            jdbc.sql("INSERT INTO staging_check VALUES (1), (2)").update();
            return jdbc.sql("SELECT count(*) FROM staging_check").query(Integer.class).single();
        });
        assertThat(staged).isEqualTo(2);
        assertThat(jdbc.sql("SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = current_user")
                .query(Boolean.class).single()).isFalse();
    }
}
