package nl.infill.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.Flyway;

/**
 * A second database beside the test database, with the same extensions and migrations: the
 * stand-in for a hot standby in the read-replica tests (a real standby needs a second cluster;
 * these tests decide what the stand-in holds, which a replaying standby would not let them).
 */
public final class StandInDatabase {

    private StandInDatabase() {
    }

    /** Creates (or re-creates, empty) the database {@code name}, migrated; answers its JDBC URL. */
    public static String create(String name) throws SQLException {
        try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name + " OWNER infill");
        }
        try (Connection c = superuser(name); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION postgis");
            s.execute("CREATE EXTENSION pgrouting");
            s.execute("GRANT ALL ON SCHEMA public TO infill");
        }
        Flyway.configure().dataSource(url(name), System.getenv("INFILL_DB_USER"), System.getenv("INFILL_DB_PASSWORD"))
                .locations("classpath:db/migration").load().migrate();
        return url(name);
    }

    /** Drops the database {@code name} (after the tests that used it). */
    public static void drop(String name) throws SQLException {
        try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    /** The test database's URL with another database name. */
    public static String url(String db) {
        return System.getenv("INFILL_DB_URL").replaceFirst("/[^/?]+(\\?.*)?$", "/" + db);
    }

    /** A superuser connection to {@code db} (the private cluster's postgres role). */
    public static Connection superuser(String db) throws SQLException {
        return DriverManager.getConnection(url(db), "postgres", System.getenv("INFILL_DB_SUPERUSER_PASSWORD"));
    }
}
