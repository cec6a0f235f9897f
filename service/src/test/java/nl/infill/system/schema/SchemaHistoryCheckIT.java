package nl.infill.system.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A database whose schema history an older checkout wrote (the migrations before the per-feature
 * baselines) is refused before anything is migrated, with what to do instead of Flyway's checksum
 * error. The old history is written into a scratch schema of the test database, as Flyway keeps it.
 */
class SchemaHistoryCheckIT {

    private String scratch;
    private Connection owner;

    @BeforeEach
    void scratchSchemaWithTheHistoryOfTheOldMigrations() throws SQLException {
        scratch = "history_check_" + Integer.toUnsignedString(ThreadLocalRandom.current().nextInt(), 36);
        owner = DriverManager.getConnection(OwnerDatabase.URL, OwnerDatabase.USER, OwnerDatabase.PASSWORD);
        try (Statement s = owner.createStatement()) {
            s.execute("CREATE SCHEMA " + scratch);
            // Flyway 11's history table with rows named as the chain V1..V115 left them; the checksums stand
            // for those of the old files (any value but the new V1's and V2's)
            s.execute("CREATE TABLE " + scratch + """
                    .flyway_schema_history (
                        installed_rank integer PRIMARY KEY, version varchar(50), description varchar(200) NOT NULL,
                        type varchar(20) NOT NULL, script varchar(1000) NOT NULL, checksum integer,
                        installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(),
                        execution_time integer NOT NULL, success boolean NOT NULL)""");
            s.execute("INSERT INTO " + scratch + """
                    .flyway_schema_history (installed_rank, version, description, type, script, checksum,
                                            installed_by, execution_time, success) VALUES
                    (1, '1', 'layers', 'SQL', 'V1__layers.sql', -1617262245, 'infill', 120, true),
                    (2, '2', 'analysis contract', 'SQL', 'V2__analysis_contract.sql', 1372941361, 'infill', 40, true),
                    (3, '10', 'ingest report', 'SQL', 'V10__ingest_report.sql', 520398271, 'infill', 8, true),
                    (4, '20', 'analysis criteria', 'SQL', 'V20__analysis_criteria.sql', -402846113, 'infill', 60, true),
                    (5, '50', 'app role privileges', 'SQL', 'V50__app_role_privileges.sql', 88234523, 'infill', 9, true),
                    (6, '115', 'criteria in parallel chunks', 'SQL', 'V115__criteria_in_parallel_chunks.sql', 7712094, 'infill', 3, true)
                    """);
        }
    }

    @AfterEach
    void dropScratch() throws SQLException {
        try (Statement s = owner.createStatement()) {
            s.execute("DROP SCHEMA " + scratch + " CASCADE");
        } finally {
            owner.close();
        }
    }

    private Flyway flywayOnScratch() {
        return OwnerDatabase.flyway().schemas(scratch).defaultSchema(scratch).createSchemas(false).load();
    }

    @Test
    void startUpOnAnOldHistoryStopsBeforeMigratingWithWhatToDoAndNoChecksumError() throws SQLException {
        Flyway flyway = flywayOnScratch();
        // the service's migration strategy, as Spring Boot runs it at start-up
        assertThatThrownBy(() -> new SchemaHistoryCheck().checkedMigration().migrate(flyway))
                .isInstanceOf(OutdatedSchemaHistoryException.class)
                .hasMessageContaining("was made by an older Infill checkout whose schema history has since been consolidated")
                .hasMessageContaining("Recreate it: ./infill db --reset")
                .hasMessageContaining("drops and recreates the local database " + owner.getCatalog())
                .hasMessageContaining("V1 layers: applied, but its file has changed since")
                .hasMessageNotContaining("repair");
        try (Statement s = owner.createStatement()) {
            var rs = s.executeQuery("SELECT count(*) FROM " + scratch + ".flyway_schema_history");
            rs.next();
            assertThat(rs.getInt(1)).as("nothing migrated, the history untouched").isEqualTo(6);
            rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = '" + scratch + "'");
            rs.next();
            assertThat(rs.getInt(1)).as("no table made besides the history").isEqualTo(1);
        }
    }

    @Test
    void theFailureReportSaysWhatHappenedAndWhatToDoWithoutAStackTrace() throws SQLException {
        OutdatedSchemaHistoryException e = null;
        try {
            SchemaHistoryCheck.check(flywayOnScratch());
        } catch (OutdatedSchemaHistoryException refused) {
            e = refused;
        }
        assertThat(e).as("the old history is refused").isNotNull();
        // as Spring Boot gets it: wrapped by the bean whose initialisation migrates
        FailureAnalysis analysis = new OutdatedSchemaHistoryFailureAnalyzer()
                .analyze(new BeanCreationException("flywayInitializer", "Invocation of init method failed", e));
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription())
                .startsWith("This database (" + owner.getCatalog() + ") was made by an older Infill checkout")
                .contains("  - V1 layers: applied, but its file has changed since",
                        "  - V2 analysis contract: applied, but its file has changed since");
        assertThat(analysis.getAction()).startsWith("Recreate it: ./infill db --reset")
                .contains("your loaded layers will be gone").contains("INFILL_DB_URL");
    }

    @Test
    void aDatabaseMigratedByThisCheckoutPassesTheCheck() {
        OwnerDatabase.migrate();
        Flyway flyway = OwnerDatabase.flyway().load();
        SchemaHistoryCheck.check(flyway);
        assertThat(flyway.info().applied()).as("the baselines are applied").hasSizeGreaterThanOrEqualTo(5);
    }
}
