package nl.infill.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * GeoPackage geometry blobs (GeoPackage 1.3, clause 2.1.3: "GP" header, version 0, flags,
 * srs_id, xy envelope, then little-endian ISO WKB) for the three shapes the sample city needs.
 * Everything the generator draws is an axis-parallel rectangle, a point or a straight segment,
 * so the WKB is written directly instead of building JTS objects for millions of features.
 */
final class GpkgGeometry {

    static final int SRS_ID = 28992;
    private static final int WKB_POINT = 1;
    private static final int WKB_LINESTRING = 2;
    private static final int WKB_POLYGON = 3;
    private static final int WKB_MULTIPOLYGON = 6;

    private GpkgGeometry() {
    }

    /** A MultiPolygon holding one counter-clockwise rectangle. */
    static byte[] rectangle(double x0, double y0, double x1, double y1) {
        ByteBuffer b = header(x0, y0, x1, y1, 9 + 9 + 4 + 5 * 16);
        b.put((byte) 1).putInt(WKB_MULTIPOLYGON).putInt(1);
        b.put((byte) 1).putInt(WKB_POLYGON).putInt(1).putInt(5);
        b.putDouble(x0).putDouble(y0);
        b.putDouble(x1).putDouble(y0);
        b.putDouble(x1).putDouble(y1);
        b.putDouble(x0).putDouble(y1);
        b.putDouble(x0).putDouble(y0);
        return b.array();
    }

    static byte[] point(double x, double y) {
        // An envelope is optional and pointless for a point (clause 2.1.3.1.1): flags say none.
        ByteBuffer b = ByteBuffer.allocate(8 + 21).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) 0b0000_0001).putInt(SRS_ID);
        b.put((byte) 1).putInt(WKB_POINT).putDouble(x).putDouble(y);
        return b.array();
    }

    static byte[] segment(double x0, double y0, double x1, double y1) {
        ByteBuffer b = header(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1),
                9 + 2 * 16);
        b.put((byte) 1).putInt(WKB_LINESTRING).putInt(2);
        b.putDouble(x0).putDouble(y0).putDouble(x1).putDouble(y1);
        return b.array();
    }

    private static ByteBuffer header(double minX, double minY, double maxX, double maxY, int wkbLength) {
        ByteBuffer b = ByteBuffer.allocate(8 + 32 + wkbLength).order(ByteOrder.LITTLE_ENDIAN);
        // flags: bit 0 little-endian header, bits 1-3 envelope type 1 (minx, maxx, miny, maxy)
        b.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) 0b0000_0011).putInt(SRS_ID);
        b.putDouble(minX).putDouble(maxX).putDouble(minY).putDouble(maxY);
        return b;
    }

    /** Reads a GeoPackage blob back into JTS (tests and checks); SRID set from the header. */
    static Geometry decode(byte[] blob) {
        if (blob.length < 8 || blob[0] != 'G' || blob[1] != 'P') {
            throw new IllegalArgumentException("not a GeoPackage geometry blob");
        }
        int flags = blob[3];
        ByteOrder order = (flags & 1) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        int srid = ByteBuffer.wrap(blob, 4, 4).order(order).getInt();
        int envelope = (flags >> 1) & 0b111;
        int envelopeBytes = switch (envelope) {
            case 0 -> 0;
            case 1 -> 32;
            case 2, 3 -> 48;
            case 4 -> 64;
            default -> throw new IllegalArgumentException("bad envelope indicator " + envelope);
        };
        try {
            Geometry g = new WKBReader().read(Arrays.copyOfRange(blob, 8 + envelopeBytes, blob.length));
            g.setSRID(srid);
            return g;
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad WKB in GeoPackage blob", e);
        }
    }
}
