package nl.infill.tiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tile matrix sets tiles are served in (OGC Two Dimensional Tile Matrix Set 2.0, OGC 17-083r4):
 * both are quad trees of 256-pixel tiles counted from the top-left corner, so one
 * {@code ST_TileEnvelope(z, col, row, bounds)} with the level-0 tile as {@code bounds} draws
 * either.
 *
 * <p>WebMercatorQuad is the OGC registry's definition (Annex D.1 of the standard).
 * NetherlandsRDNewQuad is the Dutch grid as PDOK serves it (gokoala's
 * {@code tileMatrixSets/NetherlandsRDNewQuad}) and the Geonovum tiling guideline defines it
 * (well-known scale set {@code urn:ogc:def:wkss:OGC:1.0:NLDEPSG28992Scale}): origin RD
 * (-285401.92, 903401.92), 3440.64 m per pixel at level 0 (scale 1:12,288,000), halving per level.
 *
 * @param srid      the CRS of the tile coordinates
 * @param originX   left edge of the level-0 tile in the CRS
 * @param originY   top edge of the level-0 tile in the CRS
 * @param cellSize0 metres per pixel at level 0
 * @param maxLevel  the deepest level the set defines
 */
enum TileMatrixSet {

    WEB_MERCATOR_QUAD("WebMercatorQuad", "Google Maps Compatible for the World",
            "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad",
            "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible", 3857,
            -20037508.342789244, 20037508.342789244, 156543.03392804097, 24),
    NETHERLANDS_RD_NEW_QUAD("NetherlandsRDNewQuad", "Amersfoort / RD New scheme for the Netherlands",
            null, "urn:ogc:def:wkss:OGC:1.0:NLDEPSG28992Scale", 28992,
            -285401.92, 903401.92, 3440.64, 16);

    /** The standardised rendering pixel of 0.28 mm that turns cell sizes into scale denominators. */
    private static final double PIXEL_M = 0.00028;
    static final int TILE_SIZE = 256;

    private final String id;
    private final String title;
    private final String uri;
    private final String wellKnownScaleSet;
    private final int srid;
    private final double originX;
    private final double originY;
    private final double cellSize0;
    private final int maxLevel;

    TileMatrixSet(String id, String title, String uri, String wellKnownScaleSet, int srid, double originX,
                  double originY, double cellSize0, int maxLevel) {
        this.id = id;
        this.title = title;
        this.uri = uri;
        this.wellKnownScaleSet = wellKnownScaleSet;
        this.srid = srid;
        this.originX = originX;
        this.originY = originY;
        this.cellSize0 = cellSize0;
        this.maxLevel = maxLevel;
    }

    String id() {
        return id;
    }

    String title() {
        return title;
    }

    /** The registered URI; null for NetherlandsRDNewQuad, which is not in OGC's registry. */
    String uri() {
        return uri;
    }

    int srid() {
        return srid;
    }

    String crsUri() {
        return "http://www.opengis.net/def/crs/EPSG/0/" + srid;
    }

    int maxLevel() {
        return maxLevel;
    }

    /** Width (= height) of the level-0 tile in CRS units. */
    double extent0() {
        return cellSize0 * TILE_SIZE;
    }

    /** The level-0 tile as xmin, ymin, xmax, ymax: the bounds argument of ST_TileEnvelope. */
    double[] bounds() {
        return new double[] {originX, originY - extent0(), originX + extent0(), originY};
    }

    double cellSize(int level) {
        return cellSize0 / (1L << level);
    }

    static Optional<TileMatrixSet> of(String id) {
        for (TileMatrixSet t : values()) {
            if (t.id.equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    static List<String> ids() {
        return java.util.Arrays.stream(values()).map(TileMatrixSet::id).toList();
    }

    /** The TileMatrixSet document (JSON encoding of OGC 17-083r4), levels 0 to {@code maxLevel}. */
    Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", id);
        doc.put("title", title);
        if (uri != null) {
            doc.put("uri", uri);
        }
        doc.put("crs", crsUri());
        doc.put("orderedAxes", srid == 3857 ? List.of("X", "Y") : List.of("E", "N"));
        doc.put("wellKnownScaleSet", wellKnownScaleSet);
        double[] b = bounds();
        doc.put("boundingBox", Map.of("lowerLeft", List.of(b[0], b[1]), "upperRight", List.of(b[2], b[3]),
                "crs", crsUri()));
        List<Map<String, Object>> matrices = new ArrayList<>();
        for (int level = 0; level <= maxLevel; level++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", Integer.toString(level));
            m.put("scaleDenominator", cellSize(level) / PIXEL_M);
            m.put("cellSize", cellSize(level));
            m.put("cornerOfOrigin", "topLeft");
            m.put("pointOfOrigin", List.of(originX, originY));
            m.put("tileWidth", TILE_SIZE);
            m.put("tileHeight", TILE_SIZE);
            m.put("matrixWidth", 1L << level);
            m.put("matrixHeight", 1L << level);
            matrices.add(m);
        }
        doc.put("tileMatrices", matrices);
        return doc;
    }
}
