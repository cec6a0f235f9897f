package nl.infill.system.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The test database as its owner sees it (the role migrations run as), with the service's Flyway
 * settings: a Flyway without a Spring context, so a test of the schema itself starts in seconds.
 */
public final class OwnerDatabase {

    public static final String URL = env("INFILL_DB_URL", "jdbc:postgresql://127.0.0.1:55432/infill");
    public static final String USER = env("INFILL_DB_USER", "infill");
    public static final String PASSWORD = env("INFILL_DB_PASSWORD", "");

    private OwnerDatabase() {
    }

    /** Flyway as application.yml configures it (locations, no out-of-order). */
    public static FluentConfiguration flyway() {
        return Flyway.configure().dataSource(URL, USER, PASSWORD).locations("classpath:db/migration");
    }

    /** The test database migrated to this checkout's schema (a no-op once a test or the service did it). */
    public static void migrate() {
        flyway().load().migrate();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
