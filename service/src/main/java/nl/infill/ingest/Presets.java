package nl.infill.ingest;

import java.util.List;

/** The preset mapping files shipped in {@code data/presets/} (classpath {@code infill/presets/}). */
final class Presets {

    static final List<String> NAMES = List.of("infill", "cbs-wijken", "osm-buildings", "osm-poi",
            "osm-transportation", "bag-pand", "pdok-bag-pand", "pdok-brk-perceel", "pdok-cbs-buurten", "pdok-cbs-wijken",
            "3dbag", "bag-verblijfsobject", "pdok-bag-verblijfsobject");

    private Presets() {
    }
}
