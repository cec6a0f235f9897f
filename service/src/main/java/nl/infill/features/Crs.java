package nl.infill.features;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import nl.infill.system.ApiProblem;

/**
 * The coordinate reference systems the service speaks (OGC API - Features Part 2). CRS84 is
 * longitude/latitude on WGS 84 (PostGIS SRID 4326 stores x = longitude, so no axis swap);
 * EPSG:28992 is RD New, the storage CRS, easting/northing in metres.
 */
enum Crs {

    CRS84("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, 8, -180, -90, 180, 90),
    RD("http://www.opengis.net/def/crs/EPSG/0/28992", 28992, 3, -7_000, 289_000, 300_000, 629_000);

    private final String uri;
    private final int srid;
    private final int digits;
    private final double[] bounds;

    Crs(String uri, int srid, int digits, double minX, double minY, double maxX, double maxY) {
        this.uri = uri;
        this.srid = srid;
        this.digits = digits;
        this.bounds = new double[] {minX, minY, maxX, maxY};
    }

    String uri() {
        return uri;
    }

    int srid() {
        return srid;
    }

    /** Decimal digits of coordinates written in this CRS: 1e-8 degree (about 1 mm) or 1 mm. */
    int digits() {
        return digits;
    }

    /** Valid coordinate range {minX, minY, maxX, maxY}: the world, or RD's area of validity. */
    double[] bounds() {
        return bounds.clone();
    }

    boolean contains(double x, double y) {
        return x >= bounds[0] && x <= bounds[2] && y >= bounds[1] && y <= bounds[3];
    }

    static List<String> uris() {
        return Arrays.stream(values()).map(Crs::uri).toList();
    }

    /** A CRS URI as OGC API uses it ({@code where} names the parameter on a mismatch). */
    static Crs ofUri(String value, String where) {
        if (value == null || value.isBlank()) {
            return CRS84;
        }
        String v = value.trim();
        if (v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
        }
        for (Crs c : values()) {
            if (c.uri.equals(v) || c.uri.replace("http://", "https://").equals(v)) {
                return c;
            }
        }
        throw ApiProblem.badRequest(where, "Unsupported CRS '" + abbreviate(value)
                + "'. Supported: " + String.join(", ", uris()) + ".");
    }

    /** A short code as the query API takes it: EPSG:4326 (lon/lat, as GeoJSON) or EPSG:28992. */
    static Crs ofCode(String value, String where) {
        if (value == null || value.isBlank()) {
            return CRS84;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.equals("EPSG:4326") || v.equals("CRS84") || v.equals("OGC:CRS84")) {
            return CRS84;
        }
        if (v.equals("EPSG:28992")) {
            return RD;
        }
        try {
            return ofUri(value, where);
        } catch (ApiProblem e) {
            throw ApiProblem.badRequest(where, "Unsupported CRS '" + abbreviate(value)
                    + "'. Supported: EPSG:4326 (longitude, latitude) and EPSG:28992.");
        }
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
