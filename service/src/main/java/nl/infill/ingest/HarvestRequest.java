package nl.infill.ingest;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import nl.infill.geo.Crs;
import nl.infill.system.InvalidInput;


/**
 * What to harvest: the API's landing page URL (or a collection or items URL of it), the
 * collection id, an optional bounding box, property filters ({@code name=value} query parameters,
 * OGC API - Features Part 1 section 7.15.5) and the features asked for per page (null: the
 * configured {@code page-limit}). {@code watcher} (may be null) hears of every page, e.g. the
 * command line's progress line.
 */
record HarvestRequest(String url, String collection, Bbox bbox, Map<String, String> filters, Integer limitPerPage,
                      Watcher watcher) {

    /** Collection ids are path segments: letters, digits and the unreserved marks only. */
    static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9._~:-]{1,200}");
    private static final Pattern PROPERTY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]{0,99}");
    /** Parameters the harvest sets itself, or that would change what a page means. */
    private static final Set<String> RESERVED = Set.of("f", "limit", "offset", "crs", "bbox", "bbox-crs", "filter",
            "filter-lang", "filter-crs", "sortby", "properties", "profile");

    HarvestRequest {
        filters = filters == null ? Map.of() : Map.copyOf(filters);
    }

    /** Checks a property filter; {@code where} names it in the problem ({@code filter.gemeentecode}). */
    static void checkFilter(String name, String value, String where) {
        if (name == null || !PROPERTY.matcher(name).matches()) {
            throw new InvalidInput(where, "A filter names a property: a letter or _ first, then letters, digits "
                    + "and _ . : - (at most 100).");
        }
        if (RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new InvalidInput(where, "'" + name + "' is a parameter the harvest sets itself; filter on a "
                    + "property of the collection (see its queryables).");
        }
        if (value == null || value.length() > 1000) {
            throw new InvalidInput(where, "A filter value is text of at most 1000 characters.");
        }
    }

    /** Hears of a harvest's progress after each page. */
    interface Watcher {
        void page(HarvestProgress progress);
    }

    /**
     * A bounding box in CRS84 (lon/lat, srid 4326) or RD New (28992), minimum before maximum.
     * Without a CRS it is CRS84, as OGC API - Features says.
     */
    record Bbox(double minX, double minY, double maxX, double maxY, int srid) {

        /** {@code minx,miny,maxx,maxy[,crs]}, e.g. {@code 4.45,52.03,4.53,52.09} or {@code 89000,447000,95000,453000,EPSG:28992}. */
        static Bbox parse(String text, String where) {
            String[] parts = text.split(",");
            if (parts.length != 4 && parts.length != 5) {
                throw new InvalidInput(where, "bbox must be minx,miny,maxx,maxy with an optional CRS after them "
                        + "(e.g. 4.45,52.03,4.53,52.09 or 89000,447000,95000,453000,EPSG:28992).");
            }
            double[] v = new double[4];
            for (int i = 0; i < 4; i++) {
                try {
                    v[i] = Double.parseDouble(parts[i].strip());
                } catch (NumberFormatException e) {
                    throw new InvalidInput(where, "bbox value " + (i + 1) + " ('" + parts[i].strip()
                            + "') is not a number.");
                }
            }
            return of(v, parts.length == 5 ? parts[4].strip() : null, where, where);
        }

        /** {@code crsWhere} names where the CRS was given (with the numbers, or on its own). */
        static Bbox of(double[] v, String crs, String where, String crsWhere) {
            int srid = crs == null || crs.isBlank() ? 4326 : Crs.sridOf(crs, crsWhere);
            if (srid != 4326 && srid != Crs.RD.srid()) {
                throw new InvalidInput(crsWhere, "A bbox is given in CRS84 (lon/lat) or EPSG:28992 (RD New), not EPSG:"
                        + srid + ".");
            }
            for (double x : v) {
                if (!Double.isFinite(x)) {
                    throw new InvalidInput(where, "bbox values must be finite numbers.");
                }
            }
            if (v[0] >= v[2] || v[1] >= v[3]) {
                throw new InvalidInput(where, "bbox must be minx,miny,maxx,maxy with min < max (got "
                        + List.of(v[0], v[1], v[2], v[3]) + ").");
            }
            Crs.Area b = srid == 4326 ? new Crs.Area(-180, 180, -90, 90, "lon -180..180, lat -90..90") : Crs.RD_AREA;
            if (v[0] < b.minX() || v[2] > b.maxX() || v[1] < b.minY() || v[3] > b.maxY()) {
                throw new InvalidInput(where, "bbox " + List.of(v[0], v[1], v[2], v[3]) + " lies outside "
                        + (srid == 4326 ? "CRS84 (" + b.text() + "); RD coordinates need the CRS after them: "
                                + "minx,miny,maxx,maxy,EPSG:28992." : "RD New (" + b.text() + ")."));
            }
            return new Bbox(v[0], v[1], v[2], v[3], srid);
        }

        String text() {
            return fmt(minX) + "," + fmt(minY) + "," + fmt(maxX) + "," + fmt(maxY);
        }

        private static String fmt(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
    }
}
