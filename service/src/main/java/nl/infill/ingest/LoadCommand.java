package nl.infill.ingest;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import nl.infill.system.ApiProblem;
import nl.infill.system.DatabaseAway;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code ./infill load LAYER FILE [--preset NAME] [--mapping FILE] [--crs EPSG:n] [--gpkg-table NAME]}:
 * parses the arguments, runs the load and prints the report; returns the process exit code
 * (0 loaded, 1 anything else, with a message saying what and where).
 */
@Component
class LoadCommand {

    static final String USAGE = "usage: ./infill load LAYER FILE [--preset NAME] [--mapping FILE] [--crs EPSG:n] [--gpkg-table NAME]";

    private final Loader loader;

    LoadCommand(Loader loader) {
        this.loader = loader;
    }

    int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> positional = new ArrayList<>();
        String preset = null;
        String mapping = null;
        String crs = null;
        String table = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--spring.") || a.startsWith("--infill.") || a.startsWith("--server.")
                    || a.startsWith("--logging.")) {
                continue;
            }
            if (a.startsWith("--")) {
                String key = a.substring(2);
                String value;
                int eq = key.indexOf('=');
                if (eq >= 0) {
                    value = key.substring(eq + 1);
                    key = key.substring(0, eq);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    err.println("error: option --" + key + " needs a value\n" + USAGE);
                    return 1;
                }
                switch (key) {
                    case "preset" -> preset = value;
                    case "mapping" -> mapping = value;
                    case "crs" -> crs = value;
                    case "gpkg-table", "table" -> table = value;
                    default -> {
                        err.println("error: unknown option --" + key + "\n" + USAGE);
                        return 1;
                    }
                }
            } else {
                positional.add(a);
            }
        }
        if (positional.size() != 2) {
            err.println("error: expected LAYER and FILE, got " + positional.size() + " argument(s)\n" + USAGE);
            return 1;
        }
        Path file = Path.of(positional.get(1));
        if (!Files.isRegularFile(file)) {
            err.println("error: file not found: " + file);
            return 1;
        }
        String mappingJson = null;
        if (mapping != null) {
            try {
                mappingJson = Files.readString(Path.of(mapping));
            } catch (Exception e) {
                err.println("error: mapping file unreadable: " + mapping);
                return 1;
            }
            if (preset != null) {
                err.println("error: give either --preset or --mapping, not both");
                return 1;
            }
        }
        try {
            LoadReport report = loader.load(new LoadRequest(positional.get(0), file, file.getFileName().toString(),
                    preset, mappingJson, crs, table));
            out.print(report.summary());
            return 0;
        } catch (ApiProblem e) {
            // a lost database says itself whether anything changed (see Loader)
            err.println((e.status() == HttpStatus.SERVICE_UNAVAILABLE ? "error: " : "error: load failed, nothing was changed: ")
                    + e.getMessage()
                    + (e.where() == null ? "" : "\n  where: " + e.where())
                    + (e.extra().get("loadId") == null ? "" : "\n  load id: " + e.extra().get("loadId")));
            Object rej = e.extra().get("rejections");
            if (rej instanceof List<?> list) {
                list.stream().limit(10).forEach(r -> err.println("  " + r));
            }
            return 1;
        } catch (RuntimeException e) {
            if (DatabaseAway.causedBy(e)) {
                err.println("error: the database is not reachable; nothing was changed. Try again when it is back.");
                return 1;
            }
            err.println("error: load failed unexpectedly, nothing was changed (see the log): " + e.getMessage());
            return 1;
        }
    }
}
