package nl.infill.features.cql2;

/**
 * The CRS of the geometry literals in a filter ({@code filter-crs}). Literals are projected once to
 * the storage CRS, EPSG:28992, where every spatial predicate is evaluated on the GiST index.
 */
public enum FilterCrs {

    /** Longitude, latitude on WGS 84 (OGC CRS84; PostGIS SRID 4326 has the same axis order there). */
    CRS84(4326, -180, -90, 180, 90),
    /** RD New, easting and northing in metres, over its area of validity. */
    RD(28992, -7_000, 289_000, 300_000, 629_000);

    final int srid;
    final double minX;
    final double minY;
    final double maxX;
    final double maxY;

    FilterCrs(int srid, double minX, double minY, double maxX, double maxY) {
        this.srid = srid;
        this.minX = minX;
        this.minY = minY;
        this.maxX = maxX;
        this.maxY = maxY;
    }

    boolean contains(double x, double y) {
        return x >= minX && x <= maxX && y >= minY && y <= maxY;
    }
}
