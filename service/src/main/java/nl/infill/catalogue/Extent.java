package nl.infill.catalogue;

/**
 * A collection's feature count and extent, as of one data version.
 *
 * @param rd    {minX, minY, maxX, maxY} in EPSG:28992, exactly the features' extent; null when empty
 * @param crs84 {minLon, minLat, maxLon, maxLat}, a box that contains every feature (see
 *              {@code sql/catalogue/extent.sql}); null when empty
 */
public record Extent(long count, double[] rd, double[] crs84) {

    static final Extent EMPTY = new Extent(0, null, null);

    public boolean empty() {
        return rd == null;
    }

    /** Copies, so no caller can change the kept extent. */
    @Override
    public double[] rd() {
        return rd == null ? null : rd.clone();
    }

    @Override
    public double[] crs84() {
        return crs84 == null ? null : crs84.clone();
    }
}
