package nl.infill.ingest;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import nl.infill.system.ApiProblem;

/**
 * Coordinate reference systems: parsing the names files and users give, and the plausible
 * coordinate range of the CRSs we know. The service is about the Netherlands, so each range is
 * that CRS's area of use clipped to the Netherlands (RD's area of use, 50.75-53.7 N,
 * 3.2-7.3 E): tight enough that lon/lat given as lat/lon (swapped axes) falls outside.
 */
final class Crs {

    /** x/y bounds in the CRS's own units. */
    record Bounds(double minX, double maxX, double minY, double maxY, String text) {
    }

    static final int RD = 28992;
    /** RD New's area of use (EPSG), in RD metres; every reprojected feature must lie in it. */
    static final Bounds RD_BOUNDS = new Bounds(-7000, 300000, 289000, 629000, "x -7000..300000, y 289000..629000");

    private static final Bounds NL_LONLAT = new Bounds(3.2, 7.3, 50.7, 53.7, "lon 3.2..7.3, lat 50.7..53.7");
    private static final Map<Integer, Bounds> KNOWN = Map.of(
            RD, RD_BOUNDS,
            4326, NL_LONLAT,
            4258, NL_LONLAT,
            4289, NL_LONLAT,
            3857, new Bounds(350000, 820000, 6560000, 7130000, "x 350000..820000, y 6560000..7130000"),
            25831, new Bounds(480000, 810000, 5600000, 5960000, "x 480000..810000, y 5600000..5960000"),
            25832, new Bounds(50000, 400000, 5600000, 5970000, "x 50000..400000, y 5600000..5970000"),
            32631, new Bounds(480000, 810000, 5600000, 5960000, "x 480000..810000, y 5600000..5960000"));

    private static final Pattern EPSG = Pattern.compile(
            "(?i)^(?:EPSG:{1,2}|urn:ogc:def:crs:EPSG:[0-9.]*:|https?://www\\.opengis\\.net/def/crs/EPSG/[0-9.]+/)(\\d{1,6})$");
    private static final Pattern CRS84 = Pattern.compile(
            "(?i)^(?:CRS:?84|urn:ogc:def:crs:OGC:1\\.3:CRS84|https?://www\\.opengis\\.net/def/crs/OGC/1\\.3/CRS84)$");

    private Crs() {
    }

    /** The EPSG code of a CRS name, or a 400 problem naming {@code where}. */
    static int srid(String name, String where) {
        String n = name.trim();
        if (CRS84.matcher(n).matches()) {
            return 4326;
        }
        Matcher m = EPSG.matcher(n);
        if (m.matches()) {
            return Integer.parseInt(m.group(1));
        }
        throw ApiProblem.badRequest(where, "Unknown CRS '" + name
                + "': give it as EPSG:n (e.g. EPSG:28992), urn:ogc:def:crs:EPSG::n or CRS84.");
    }

    static Bounds bounds(int srid) {
        return KNOWN.get(srid);
    }
}
