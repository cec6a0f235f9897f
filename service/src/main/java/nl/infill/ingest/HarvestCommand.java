package nl.infill.ingest;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.infill.system.DomainException;
import nl.infill.system.InvalidInput;

import org.springframework.stereotype.Component;

/**
 * {@code ./infill harvest LAYER URL --collection C [--bbox minx,miny,maxx,maxy[,crs]] [--preset NAME]
 * [--mapping FILE] [--limit-per-page N]}: harvests an OGC API - Features collection into a layer in
 * this process, with a progress line on stderr when stderr is a terminal, then prints the load
 * report. Exit codes as {@code ./infill load}: 0 when the layer was replaced, 2 for wrong usage
 * (an unknown option, a missing argument, or an option value of the wrong form: what and where
 * with the usage on stderr, before anything is read), 1 otherwise.
 */
@Component
class HarvestCommand {

    static final String USAGE = "usage: ./infill harvest LAYER URL --collection C [--bbox minx,miny,maxx,maxy[,crs]]"
            + " [--filter name=value]... [--preset NAME | --mapping FILE] [--limit-per-page N] [--progress|--no-progress]";
    private static final Set<String> OPTIONS = Set.of("collection", "bbox", "filter", "preset", "mapping", "limit-per-page");

    private final Loader loader;
    private final Harvester harvester;

    HarvestCommand(Loader loader, Harvester harvester) {
        this.loader = loader;
        this.harvester = harvester;
    }

    /** @param tty whether stderr is a terminal (then the progress line is drawn, unless --no-progress) */
    int run(List<String> args, PrintStream out, PrintStream err, boolean tty) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        List<String> filters = new ArrayList<>();
        boolean progress = tty;
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
            if (!a.startsWith("--")) {
                positional.add(a);
                continue;
            }
            String[] kv = a.substring(2).split("=", 2);
            if (!OPTIONS.contains(kv[0])) {
                err.println("error: unknown option --" + kv[0] + "\n" + USAGE);
                return LoadCommand.USAGE_ERROR;
            }
            if (kv.length == 1 && i + 1 >= args.size()) {
                err.println("error: option --" + kv[0] + " needs a value\n" + USAGE);
                return LoadCommand.USAGE_ERROR;
            }
            String value = kv.length == 2 ? kv[1] : args.get(++i);
            if (kv[0].equals("filter")) {
                filters.add(value);
            } else {
                options.put(kv[0], value);
            }
        }
        if (positional.size() != 2) {
            err.println("error: expected LAYER and URL, got " + positional.size() + " argument(s)\n" + USAGE);
            return LoadCommand.USAGE_ERROR;
        }
        if (options.containsKey("preset") && options.containsKey("mapping")) {
            err.println("error: give either --preset or --mapping, not both\n" + USAGE);
            return LoadCommand.USAGE_ERROR;
        }
        String mappingJson = null;
        if (options.containsKey("mapping")) {
            try {
                mappingJson = Files.readString(Path.of(options.get("mapping")));
            } catch (Exception e) {
                err.println("error: mapping file unreadable: " + options.get("mapping"));
                return 1;
            }
        }
        String collection;
        HarvestRequest.Bbox bbox;
        Integer limit = null;
        Map<String, String> where = new java.util.LinkedHashMap<>();
        try {
            collection = Harvester.checkCollection(options.get("collection"), "--collection");
            bbox = options.containsKey("bbox") ? HarvestRequest.Bbox.parse(options.get("bbox"), "--bbox") : null;
            if (options.containsKey("limit-per-page")) {
                try {
                    limit = Harvester.checkLimit(Integer.valueOf(options.get("limit-per-page")), "--limit-per-page");
                } catch (NumberFormatException e) {
                    throw new InvalidInput("--limit-per-page", "--limit-per-page must be a whole number.");
                }
            }
            for (String f : filters) {
                int eq = f.indexOf('=');
                String name = eq < 0 ? f : f.substring(0, eq);
                HarvestRequest.checkFilter(name, eq < 0 ? null : f.substring(eq + 1), "--filter " + name);
                where.put(name, f.substring(eq + 1));
            }
        } catch (DomainException e) {
            // A value of the wrong form is wrong usage, as an unknown option is: exit 2 as load.
            err.println("error: " + e.getMessage() + (e.where() == null ? "" : "\n  where: " + e.where()) + "\n" + USAGE);
            return LoadCommand.USAGE_ERROR;
        }
        Progress line = progress ? new Progress(err) : null;
        try {
            String url = positional.get(1);
            harvester.checkUrl(url, "url");
            HarvestRequest req = new HarvestRequest(url, collection, bbox, where, limit, line);
            LoadReport report = loader.load(LoadRequest.harvest(positional.get(0), req, options.get("preset"), mappingJson));
            if (line != null) {
                line.end();
            }
            out.print(report.summary());
            return 0;
        } catch (RuntimeException e) {
            if (line != null) {
                line.end();
            }
            return LoadCommand.failed(err, "harvest", e);
        }
    }

    /** The progress line: redrawn in place after each page. */
    private static final class Progress implements HarvestRequest.Watcher {
        private final PrintStream err;
        private int width;

        Progress(PrintStream err) {
            this.err = err;
        }

        @Override
        public void page(HarvestProgress p) {
            String s = String.format("harvest: page %,d, %,d features, %,.0f features/s%s", p.pages(), p.features(),
                    p.featuresPerSecond(), p.percent() == null ? "" : String.format(", %d %% of %,d", p.percent(),
                            p.numberMatched()));
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
