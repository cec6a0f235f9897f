package nl.infill.ingest;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import nl.infill.system.DatabaseAway;
import nl.infill.system.DomainException;
import nl.infill.system.Unavailable;

import org.springframework.stereotype.Component;

/**
 * {@code ./infill load LAYER FILE [--preset NAME] [--mapping FILE] [--crs EPSG:n] [--gpkg-table NAME]}:
 * parses the arguments, runs the load and prints the report; returns the process exit code
 * (0 loaded, 2 wrong usage, 1 anything else, with a message saying what and where). A progress
 * line (features read, per second, percent when the source knows its count) goes to stderr when
 * it is a terminal, or with {@code --progress}.
 */
@Component
class LoadCommand {

    static final String USAGE = "usage: ./infill load LAYER FILE [--preset NAME] [--mapping FILE] [--crs EPSG:n] [--gpkg-table NAME]"
            + " [--progress|--no-progress]";
    /** Exit code of wrong usage, the same for every ./infill command. */
    static final int USAGE_ERROR = 2;

    private final Loader loader;

    LoadCommand(Loader loader) {
        this.loader = loader;
    }

    int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, false);
    }

    /** @param tty whether stderr is a terminal (then the progress line is drawn, unless --no-progress) */
    int run(List<String> args, PrintStream out, PrintStream err, boolean tty) {
        List<String> positional = new ArrayList<>();
        boolean progress = tty;
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
            if (a.equals("--progress") || a.equals("--no-progress")) {
                progress = a.equals("--progress");
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
                    return USAGE_ERROR;
                }
                switch (key) {
                    case "preset" -> preset = value;
                    case "mapping" -> mapping = value;
                    case "crs" -> crs = value;
                    case "gpkg-table", "table" -> table = value;
                    default -> {
                        err.println("error: unknown option --" + key + "\n" + USAGE);
                        return USAGE_ERROR;
                    }
                }
            } else {
                positional.add(a);
            }
        }
        if (positional.size() != 2) {
            err.println("error: expected LAYER and FILE, got " + positional.size() + " argument(s)\n" + USAGE);
            return USAGE_ERROR;
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
                return USAGE_ERROR;
            }
        }
        ProgressLine line = progress ? new ProgressLine(err) : null;
        try {
            LoadRequest request = new LoadRequest(positional.get(0), file, file.getFileName().toString(),
                    preset, mappingJson, crs, table);
            LoadReport report = line == null ? loader.load(request) : loader.load(request, line);
            if (line != null) {
                line.end();
            }
            out.print(report.summary());
            return 0;
        } catch (RuntimeException e) {
            if (line != null) {
                line.end();
            }
            return failed(err, "load", e);
        }
    }

    /**
     * The CLI's answer to a failed load or harvest ({@code what}): the refusal with where it
     * happened, the load id and the first rejections; a lost database says itself whether anything
     * changed (see Loader). Returns the exit code.
     */
    static int failed(PrintStream err, String what, RuntimeException e) {
        if (e instanceof DomainException d) {
            err.println((d instanceof Unavailable ? "error: " : "error: " + what + " failed, nothing was changed: ")
                    + d.getMessage()
                    + (d.where() == null ? "" : "\n  where: " + d.where())
                    + (d.extra().get("loadId") == null ? "" : "\n  load id: " + d.extra().get("loadId")));
            if (d.extra().get("rejections") instanceof List<?> list) {
                list.stream().limit(10).forEach(r -> err.println("  " + r));
            }
        } else if (DatabaseAway.causedBy(e)) {
            err.println("error: the database is not reachable; nothing was changed. Try again when it is back.");
        } else {
            err.println("error: " + what + " failed unexpectedly, nothing was changed (see the log): " + e.getMessage());
        }
        return 1;
    }

    /** The progress line of a load: redrawn in place every few thousand features. */
    static final class ProgressLine implements Loader.Watcher {
        private final PrintStream err;
        private int width;

        ProgressLine(PrintStream err) {
            this.err = err;
        }

        @Override
        public void read(long features, Long total, long elapsedMs, boolean done) {
            double perSecond = elapsedMs <= 0 ? 0 : features * 1000.0 / elapsedMs;
            String s = String.format("load: %,d features read, %,.0f features/s%s%s", features, perSecond,
                    total == null || total <= 0 ? "" : String.format(", %d %% of %,d", Math.min(100, features * 100 / total), total),
                    done ? "; checking and swapping" : "");
            err.print("\r" + s + " ".repeat(Math.max(0, width - s.length())));
            err.flush();
            width = s.length();
        }

        void end() {
            if (width > 0) {
                err.println();
                width = 0;
            }
        }
    }
}
