package nl.infill.system.schema;

import java.util.List;

/**
 * The database's schema history does not match this checkout's migrations (see
 * {@link SchemaHistoryCheck}); the message says what to do, the problems say which migrations.
 */
public class OutdatedSchemaHistoryException extends RuntimeException {

    private final String database;
    private final List<String> problems;

    public OutdatedSchemaHistoryException(String database, List<String> problems) {
        super(description(database, problems) + " " + action(database));
        this.database = database;
        this.problems = List.copyOf(problems);
    }

    /** The database's name, or null when it could not be read. */
    public String database() {
        return database;
    }

    public List<String> problems() {
        return problems;
    }

    static String description(String database, List<String> problems) {
        StringBuilder s = new StringBuilder("This database")
                .append(database == null ? "" : " (" + database + ")")
                .append(" was made by an older Infill checkout whose schema history has since been consolidated"
                        + " (nothing was released), so it cannot be migrated. Its schema history differs in:");
        for (String p : problems) {
            s.append("\n  - ").append(p);
        }
        return s.toString();
    }

    static String action(String database) {
        String name = database == null ? "" : " " + database;
        return "Recreate it: ./infill db --reset  (drops and recreates the local database" + name
                + "; your loaded layers will be gone, load them again afterwards). With a database of your own"
                + " (INFILL_DB_URL), drop and recreate it, or point INFILL_DB_URL at an empty one.";
    }
}
