package nl.infill.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import nl.infill.geo.Crs;
import nl.infill.system.InvalidInput;


/**
 * A parsed {@code bbox} as the WKT of the area to intersect, in the SRID of its CRS. In CRS84
 * a box whose west edge is east of its east edge crosses the antimeridian (OGC 17-069r4
 * /req/core/fc-bbox-definition) and becomes two boxes; CRS84 boxes are clipped to where RD New
 * is defined, so a world-wide box never asks PostGIS to project the far side of the earth.
 *
 * @param wkt  POLYGON or MULTIPOLYGON in {@code srid}, or null when nothing can match
 * @param srid 4326 or 28992
 */
record Bbox(String wkt, int srid) {

    /** Where RD New is meaningful, in CRS84: a generous box around the Netherlands. */
    private static final double[] RD_AREA_CRS84 = {2.0, 50.0, 8.0, 56.0};

    boolean empty() {
        return wkt == null;
    }

    static Bbox parse(String value, Crs crs, String where) {
        String[] parts = value.split(",", -1);
        if (parts.length != 4 && parts.length != 6) {
            throw new InvalidInput(where, "bbox needs 4 numbers (minx,miny,maxx,maxy) or 6 "
                    + "(minx,miny,minz,maxx,maxy,maxz); got " + parts.length + " value(s).");
        }
        double[] n = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                n[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new InvalidInput(where, "bbox value " + (i + 1) + " is not a number.");
            }
            if (!Double.isFinite(n[i])) {
                throw new InvalidInput(where, "bbox value " + (i + 1) + " is not a finite number.");
            }
        }
        // A 6-number box is 3D; the data is 2D, so the height range is ignored.
        double minX = n[0];
        double minY = n[1];
        double maxX = parts.length == 4 ? n[2] : n[3];
        double maxY = parts.length == 4 ? n[3] : n[4];
        if (!crs.contains(minX, minY) || !crs.contains(maxX, maxY)) {
            double[] b = crs.bounds();
            throw new InvalidInput(where, String.format(Locale.ROOT,
                    "bbox lies outside the bounds of %s (%s, %s, %s, %s).", crs.uri(),
                    num(b[0]), num(b[1]), num(b[2]), num(b[3])));
        }
        if (minY > maxY) {
            throw new InvalidInput(where, "bbox has its lower edge (miny) above its upper edge (maxy).");
        }
        if (crs == Crs.RD) {
            if (minX > maxX) {
                throw new InvalidInput(where, "bbox has minx greater than maxx.");
            }
            return new Bbox(polygon(new double[] {minX, minY, maxX, maxY}), crs.srid());
        }
        List<double[]> boxes = new ArrayList<>();
        if (minX <= maxX) {
            boxes.add(new double[] {minX, minY, maxX, maxY});
        } else {
            boxes.add(new double[] {minX, minY, 180, maxY});
            boxes.add(new double[] {-180, minY, maxX, maxY});
        }
        List<String> clipped = new ArrayList<>();
        for (double[] b : boxes) {
            double[] c = {Math.max(b[0], RD_AREA_CRS84[0]), Math.max(b[1], RD_AREA_CRS84[1]),
                    Math.min(b[2], RD_AREA_CRS84[2]), Math.min(b[3], RD_AREA_CRS84[3])};
            if (c[0] <= c[2] && c[1] <= c[3]) {
                clipped.add(rings(c));
            }
        }
        if (clipped.isEmpty()) {
            return new Bbox(null, crs.srid());
        }
        String wkt = clipped.size() == 1 ? "POLYGON" + clipped.get(0)
                : "MULTIPOLYGON(" + String.join(",", clipped) + ")";
        return new Bbox(wkt, crs.srid());
    }

    private static String polygon(double[] b) {
        return "POLYGON" + rings(b);
    }

    private static String rings(double[] b) {
        return String.format(Locale.ROOT, "((%s %s,%s %s,%s %s,%s %s,%s %s))",
                num(b[0]), num(b[1]), num(b[2]), num(b[1]), num(b[2]), num(b[3]),
                num(b[0]), num(b[3]), num(b[0]), num(b[1]));
    }

    private static String num(double d) {
        return Double.toString(d);
    }
}
