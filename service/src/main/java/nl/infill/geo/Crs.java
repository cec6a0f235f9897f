package nl.infill.geo;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.infill.system.DomainException;
import nl.infill.system.InvalidInput;

/**
 * The coordinate reference systems Infill knows, in one place for the two modules that read
 * coordinates from outside.
 * <ul>
 * <li>The two it serves (OGC API - Features Part 2): CRS84 is longitude/latitude on WGS 84
 * (PostGIS SRID 4326 stores x = longitude, so no axis swap); EPSG:28992 is RD New, the storage
 * CRS, easting/northing in metres. {@link #ofUri} and {@link #ofCode} parse them as the APIs take
 * them.</li>
 * <li>Any EPSG name a file or harvest gives ({@link #sridOf}), with the plausible range of the
 * ones we know ({@link #areaInNl}): each CRS's area of use clipped to the Netherlands (RD's area
 * of use, 50.75-53.7 N, 3.2-7.3 E), tight enough that lon/lat given as lat/lon (swapped axes)
 * falls outside.</li>
 * </ul>
 */
public enum Crs {

    CRS84("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, 8, -180, -90, 180, 90),
    RD("http://www.opengis.net/def/crs/EPSG/0/28992", 28992, 3, -7_000, 289_000, 300_000, 629_000);

    /** x/y range in a CRS's own units, with the text a problem shows. */
    public record Area(double minX, double maxX, double minY, double maxY, String text) {
    }

    /** RD New's area of use (EPSG), in RD metres: every stored feature must lie in it. */
    public static final Area RD_AREA = new Area(-7_000, 300_000, 289_000, 629_000, "x -7000..300000, y 289000..629000");

    private static final Area NL_LONLAT = new Area(3.2, 7.3, 50.7, 53.7, "lon 3.2..7.3, lat 50.7..53.7");
    private static final Map<Integer, Area> NL_AREAS = Map.of(
            28992, RD_AREA,
            4326, NL_LONLAT,
            4258, NL_LONLAT,
            4289, NL_LONLAT,
            3857, new Area(350000, 820000, 6560000, 7130000, "x 350000..820000, y 6560000..7130000"),
            25831, new Area(480000, 810000, 5600000, 5960000, "x 480000..810000, y 5600000..5960000"),
            25832, new Area(50000, 400000, 5600000, 5970000, "x 50000..400000, y 5600000..5970000"),
            32631, new Area(480000, 810000, 5600000, 5960000, "x 480000..810000, y 5600000..5960000"));

    private static final Pattern EPSG = Pattern.compile(
            "(?i)^(?:EPSG:{1,2}|urn:ogc:def:crs:EPSG:[0-9.]*:|https?://www\\.opengis\\.net/def/crs/EPSG/[0-9.]+/)(\\d{1,6})$");
    private static final Pattern CRS84_NAME = Pattern.compile(
            "(?i)^(?:CRS:?84|urn:ogc:def:crs:OGC:1\\.3:CRS84|https?://www\\.opengis\\.net/def/crs/OGC/1\\.3/CRS84)$");

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

    public String uri() {
        return uri;
    }

    public int srid() {
        return srid;
    }

    /** Decimal digits of coordinates written in this CRS: 1e-8 degree (about 1 mm) or 1 mm. */
    public int digits() {
        return digits;
    }

    /** Valid coordinate range {minX, minY, maxX, maxY}: the world, or RD's area of use. */
    public double[] bounds() {
        return bounds.clone();
    }

    public boolean contains(double x, double y) {
        return x >= bounds[0] && x <= bounds[2] && y >= bounds[1] && y <= bounds[3];
    }

    public static List<String> uris() {
        return Arrays.stream(values()).map(Crs::uri).toList();
    }

    /** A served CRS by its URI as OGC API uses it ({@code where} names the parameter on a mismatch). */
    public static Crs ofUri(String value, String where) {
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
        throw new InvalidInput(where, "Unsupported CRS '" + abbreviate(value)
                + "'. Supported: " + String.join(", ", uris()) + ".");
    }

    /** A served CRS by a short code as the query API takes it: EPSG:4326 (lon/lat, as GeoJSON) or EPSG:28992. */
    public static Crs ofCode(String value, String where) {
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
        } catch (DomainException e) {
            throw new InvalidInput(where, "Unsupported CRS '" + abbreviate(value)
                    + "'. Supported: EPSG:4326 (longitude, latitude) and EPSG:28992.");
        }
    }

    /**
     * The EPSG code of any CRS name a file or server gives (EPSG:n, EPSG::n, the OGC URN and URI
     * forms, CRS84); an {@link InvalidInput} naming {@code where} otherwise. Whether PostGIS knows
     * the code is the loader's question.
     */
    public static int sridOf(String name, String where) {
        String n = name.trim();
        if (CRS84_NAME.matcher(n).matches()) {
            return 4326;
        }
        Matcher m = EPSG.matcher(n);
        if (m.matches()) {
            return Integer.parseInt(m.group(1));
        }
        throw new InvalidInput(where, "Unknown CRS '" + name
                + "': give it as EPSG:n (e.g. EPSG:28992), urn:ogc:def:crs:EPSG::n or CRS84.");
    }

    /** Where data in this CRS can plausibly lie in the Netherlands; null for a CRS we have no range for. */
    public static Area areaInNl(int srid) {
        return NL_AREAS.get(srid);
    }

    /** Input quoted back in a problem, cut to 80 characters. */
    public static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
