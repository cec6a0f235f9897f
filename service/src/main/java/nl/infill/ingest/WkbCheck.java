package nl.infill.ingest;

/**
 * Walks a WKB geometry (ISO and EWKB type codes, 2D/Z/M/ZM) before it goes to PostGIS, checking
 * every declared count against the bytes that are really left, so that a blob claiming 2^31-1
 * points, a truncated ring or trailing garbage rejects its own feature with a reason instead of
 * failing the COPY of the whole load; and counting vertices against the per-feature limit.
 * Nothing is allocated from a declared count: the walk only moves an offset.
 */
final class WkbCheck {

    /** Deepest nesting of collections in collections (a real file nests 2 levels at most). */
    private static final int MAX_DEPTH = 16;

    private final byte[] b;
    private final long maxVertices;
    private int pos;
    private long vertices;

    private WkbCheck(byte[] b, long maxVertices) {
        this.b = b;
        this.maxVertices = maxVertices;
    }

    /** Why {@code wkb} cannot be loaded, in the user's terms, or null when it is well formed and within the limit. */
    static String problem(byte[] wkb, long maxVertices) {
        WkbCheck w = new WkbCheck(wkb, maxVertices);
        try {
            w.geometry(0);
        } catch (Bad e) {
            return e.getMessage();
        }
        if (w.pos != wkb.length) {
            return "geometry is damaged: " + (wkb.length - w.pos) + " bytes follow the end of the geometry";
        }
        return null;
    }

    private static final class Bad extends Exception {
        Bad(String message) {
            super(message, null, false, false);
        }
    }

    private void geometry(int depth) throws Bad {
        if (depth > MAX_DEPTH) {
            throw new Bad("geometry is nested more than " + MAX_DEPTH + " collections deep");
        }
        need(5, "its header");
        int order = b[pos];
        if (order != 0 && order != 1) {
            throw new Bad("geometry is damaged: byte order " + order + " at byte " + pos + " is neither 0 nor 1");
        }
        boolean little = order == 1;
        pos++;
        long t = uint32(little);
        boolean ewkbZ = (t & 0x80000000L) != 0;
        boolean ewkbM = (t & 0x40000000L) != 0;
        if ((t & 0x20000000L) != 0) {
            need(4, "its SRID");
            pos += 4;
        }
        int code = (int) (t & 0x0fffffffL);
        int iso = code / 1000;
        int kind = code % 1000;
        if (iso > 3) {
            throw new Bad("geometry is damaged: unknown geometry type code " + code);
        }
        int dims = 2 + (ewkbZ || iso == 1 || iso == 3 ? 1 : 0) + (ewkbM || iso == 2 || iso == 3 ? 1 : 0);
        switch (kind) {
            case 1 -> points(1, dims);
            case 2 -> points(count(little, 8L * dims, "points"), dims);
            case 3 -> {
                long rings = count(little, 4, "rings");
                for (long r = 0; r < rings; r++) {
                    points(count(little, 8L * dims, "points"), dims);
                }
            }
            case 4, 5, 6, 7 -> {
                // each member takes at least its 5-byte header plus a count or a coordinate
                long members = count(little, 9, "member geometries");
                for (long m = 0; m < members; m++) {
                    geometry(depth + 1);
                }
            }
            default -> throw new Bad("geometry type " + code + " (curves, surfaces, TINs) is not supported; "
                    + "convert it to points, lines or polygons");
        }
    }

    /** A uint32 count, refused when even the smallest members it announces cannot fit in the bytes left. */
    private long count(boolean little, long minBytesEach, String what) throws Bad {
        need(4, "a count of " + what);
        long n = uint32(little);
        long left = b.length - pos;
        if (n > left / minBytesEach) {
            throw new Bad("geometry is damaged: it declares " + n + " " + what + " but only " + left + " bytes follow");
        }
        return n;
    }

    private void points(long n, int dims) throws Bad {
        vertices += n;
        if (vertices > maxVertices) {
            throw new Bad("geometry has more than " + maxVertices + " vertices, the most one feature may have "
                    + "(infill.ingest.max-vertices); simplify it or split it");
        }
        long bytes = n * 8L * dims;
        need(bytes, n + " points");
        pos += (int) bytes;
    }

    private void need(long bytes, String what) throws Bad {
        if (bytes > b.length - pos) {
            throw new Bad("geometry is damaged: it ends at byte " + b.length + ", before " + what);
        }
    }

    private long uint32(boolean little) {
        long v = little
                ? (b[pos] & 0xffL) | (b[pos + 1] & 0xffL) << 8 | (b[pos + 2] & 0xffL) << 16 | (b[pos + 3] & 0xffL) << 24
                : (b[pos + 3] & 0xffL) | (b[pos + 2] & 0xffL) << 8 | (b[pos + 1] & 0xffL) << 16 | (b[pos] & 0xffL) << 24;
        pos += 4;
        return v;
    }
}
