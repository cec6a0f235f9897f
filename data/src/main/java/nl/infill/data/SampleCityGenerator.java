package nl.infill.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Command line: {@code SampleCityGenerator --out FILE [--parcels N] [--seed S]}. Writes the
 * sample city GeoPackage and prints a one-line summary; exit code 2 on bad arguments, 1 when the
 * file cannot be written.
 */
public final class SampleCityGenerator {

    private static final String USAGE = "usage: SampleCityGenerator --out FILE [--parcels N] [--seed S]\n"
            + "  --out FILE     GeoPackage to write (replaced when it exists)\n"
            + "  --parcels N    number of parcels, " + SampleCity.MIN_PARCELS + ".." + SampleCity.MAX_PARCELS
            + " (default " + SampleCity.DEFAULT_PARCELS + ", about Zoetermeer)\n"
            + "  --seed S       random seed (default " + SampleCity.DEFAULT_SEED + "); same seed and size,"
            + " same city";

    private SampleCityGenerator() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** The command without {@code System.exit}: returns the exit code (0, 1 or 2). */
    static int run(String[] args, PrintStream stdout, PrintStream stderr) {
        Path out = null;
        int parcels = SampleCity.DEFAULT_PARCELS;
        long seed = SampleCity.DEFAULT_SEED;
        try {
            for (int k = 0; k < args.length; k++) {
                String a = args[k];
                if (a.equals("-h") || a.equals("--help")) {
                    stdout.println(USAGE);
                    return 0;
                }
                if (k + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++k];
                switch (a) {
                    case "--out" -> out = Path.of(v);
                    case "--parcels" -> parcels = parseInt(a, v);
                    case "--seed" -> seed = parseLong(a, v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (out == null) {
                throw new IllegalArgumentException("--out FILE is required");
            }
            if (parcels < SampleCity.MIN_PARCELS || parcels > SampleCity.MAX_PARCELS) {
                throw new IllegalArgumentException("--parcels must be between " + SampleCity.MIN_PARCELS
                        + " and " + SampleCity.MAX_PARCELS + ", got " + parcels);
            }
        } catch (IllegalArgumentException e) {
            stderr.println("sample city: " + e.getMessage());
            stderr.println(USAGE);
            return 2;
        }
        try {
            SampleCity.Summary s = SampleCity.generate(out, parcels, seed);
            stdout.println(String.format(Locale.ROOT,
                    "sample city: %d parcels, %d buildings, %d zoning areas, %d amenities, %d streets,"
                            + " %d constraints, %d units (%d dwellings), %d planted candidates (seed %d) -> %s (%.1f MB, %.1f s)",
                    s.parcels(), s.buildings(), s.zones(), s.amenities(), s.streets(), s.constraints(),
                    s.units(), s.dwellings(), s.plantedCandidates(), s.seed(), s.file(), s.fileBytes() / 1e6, s.millis() / 1000.0));
            return 0;
        } catch (IOException | RuntimeException e) {
            stderr.println("sample city: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
    }

    private static int parseInt(String option, String v) {
        try {
            return Integer.parseInt(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a whole number, got '" + v + "'");
        }
    }

    private static long parseLong(String option, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a whole number, got '" + v + "'");
        }
    }
}
