package nl.infill.ingest;

import java.util.stream.Collectors;

import nl.infill.system.Sql;

/** The ingest SQL files without their comment lines (prose there may contain ':' that named-parameter parsing would take for a parameter). */
final class IngestSql {

    private IngestSql() {
    }

    static String load(String name) {
        return Sql.load("ingest/" + name).lines().filter(l -> !l.trim().startsWith("--"))
                .collect(Collectors.joining("\n"));
    }
}
