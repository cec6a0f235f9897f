package nl.infill.system.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Refuses to migrate a database whose Flyway schema history this checkout's migrations do not
 * explain, before Flyway would fail with a checksum error and a stack trace. Nothing was released
 * before the history was consolidated into one baseline per feature, so such a database was made by
 * an older checkout and holds nothing that cannot be loaded again: the way out is to recreate it,
 * which {@link OutdatedSchemaHistoryFailureAnalyzer} says in plain words. {@code ./infill run}
 * makes the same check before it starts Java and offers to recreate the private database.
 */
@Configuration(proxyBeanMethods = false)
public class SchemaHistoryCheck {

    @Bean
    FlywayMigrationStrategy checkedMigration() {
        return flyway -> {
            check(flyway);
            flyway.migrate();
        };
    }

    /**
     * Throws {@link OutdatedSchemaHistoryException} when an applied migration is not this checkout's
     * (unknown version below the newest known one, other checksum or name) or a migration of this
     * checkout sits below the newest applied one. Migrations still to apply are fine (that is
     * what migrate does), and so are applied ones newer than every migration here (a database a
     * newer checkout migrated: Flyway's own default, so switching to an older branch keeps working).
     */
    public static void check(Flyway flyway) {
        ValidateResult result = Flyway.configure(flyway.getConfiguration().getClassLoader())
                .configuration(flyway.getConfiguration())
                .ignoreMigrationPatterns("*:future", "*:pending")
                .load()
                .validateWithResult();
        if (result.validationSuccessful) {
            return;
        }
        List<String> problems = result.invalidMigrations.stream().map(SchemaHistoryCheck::problem).toList();
        if (problems.isEmpty() && result.errorDetails != null) {
            problems = List.of(result.errorDetails.errorMessage);
        }
        throw new OutdatedSchemaHistoryException(databaseName(flyway.getConfiguration().getDataSource()), problems);
    }

    /** One invalid migration in words that do not suggest Flyway's repair (it would hide the mismatch). */
    private static String problem(ValidateOutput o) {
        String name = (o.version == null || o.version.isEmpty() ? "" : "V" + o.version + " ") + o.description;
        if (o.errorDetails == null) {
            return name;
        }
        String why = o.errorDetails.errorCode instanceof CoreErrorCode code ? switch (code) {
            case CHECKSUM_MISMATCH -> "applied, but its file has changed since";
            case DESCRIPTION_MISMATCH -> "applied under another name than its file has now";
            case APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED, APPLIED_REPEATABLE_MIGRATION_NOT_RESOLVED ->
                    "applied, but not among this checkout's migrations";
            case RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED -> "not applied, though the database has later migrations";
            case TYPE_MISMATCH -> "applied as another kind of migration";
            case FAILED_VERSIONED_MIGRATION, FAILED_REPEATABLE_MIGRATION -> "failed when it was applied";
            default -> o.errorDetails.errorMessage;
        } : o.errorDetails.errorMessage;
        return name + ": " + why;
    }

    private static String databaseName(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getCatalog();
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }
}
