package nl.infill.ingest;

import java.util.List;

/** The preset mapping files shipped in {@code data/presets/} (classpath {@code infill/presets/}). */
final class Presets {

    static final List<String> NAMES = List.of("infill", "cbs-wijken", "osm-buildings", "osm-poi",
            "osm-transportation", "bag-pand", "brk-perceel", "pdok-bag-pand", "pdok-brk-perceel", "pdok-cbs-buurten",
            "pdok-cbs-wijken", "3dbag", "bag-verblijfsobject", "pdok-bag-verblijfsobject");

    /** Not a mapping file: an IMRO plan becomes zoning by a derivation in PostGIS ({@link ImroLoad}). */
    static final String IMRO = "imro";

    private Presets() {
    }

    /** Every preset name, for messages. */
    static String known() {
        return String.join(", ", NAMES) + ", " + IMRO;
    }
}
