package nl.infill.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;

/** WKT in, verdict out: well-formed geometries pass, damaged ones name what is wrong, nothing throws. */
class WkbCheckTest {

    private static byte[] wkb(String wkt, int dims) throws Exception {
        Geometry g = new WKTReader().read(wkt);
        return new WKBWriter(dims).write(g);
    }

    @Test
    void wellFormedGeometriesOfEveryKindPass() throws Exception {
        for (String wkt : new String[] {"POINT (1 2)", "LINESTRING (0 0, 1 1)", "POLYGON ((0 0, 1 0, 1 1, 0 0))",
                "MULTIPOINT ((0 0), (1 1))", "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))",
                "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
                "GEOMETRYCOLLECTION (POINT (1 1), LINESTRING (0 0, 1 1))", "POLYGON EMPTY", "LINESTRING EMPTY"}) {
            assertThat(WkbCheck.problem(wkb(wkt, 2), 100_000)).as(wkt).isNull();
        }
        assertThat(WkbCheck.problem(wkb("POINT Z (1 2 3)", 3), 100_000)).isNull();
    }

    @Test
    void isoZAndEwkbSridPointsPass() {
        // ISO 1001 (Point Z): 1 + 4 + 3 * 8 bytes
        ByteBuffer iso = ByteBuffer.allocate(29).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(1001)
                .putDouble(1).putDouble(2).putDouble(3);
        assertThat(WkbCheck.problem(iso.array(), 10)).isNull();
        // EWKB point with SRID flag 0x20000000: 1 + 4 + 4 + 2 * 8 bytes
        ByteBuffer ewkb = ByteBuffer.allocate(25).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(0x20000001)
                .putInt(28992).putDouble(1).putDouble(2);
        assertThat(WkbCheck.problem(ewkb.array(), 10)).isNull();
    }

    @Test
    void lineClaimingTwoToTheThirtyOnePointsIsRefusedWithoutAllocatingThem() {
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + 4 + 32).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(2)
                .putInt(Integer.MAX_VALUE);
        assertThat(WkbCheck.problem(b.array(), Long.MAX_VALUE))
                .isEqualTo("geometry is damaged: it declares 2147483647 points but only 32 bytes follow");
    }

    @Test
    void polygonClaimingFourBillionRingsIsRefused() {
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + 4 + 8).order(ByteOrder.BIG_ENDIAN).put((byte) 0).putInt(3)
                .putInt(-1);
        assertThat(WkbCheck.problem(b.array(), 100_000)).isEqualTo(
                "geometry is damaged: it declares 4294967295 rings but only 8 bytes follow");
    }

    @Test
    void truncatedTrailingAndWrongByteOrderAreNamed() throws Exception {
        byte[] line = wkb("LINESTRING (0 0, 1 1, 2 2)", 2);
        byte[] cut = java.util.Arrays.copyOf(line, line.length - 3);
        assertThat(WkbCheck.problem(cut, 100)).startsWith("geometry is damaged: it declares 3 points but only 45 bytes");
        byte[] longer = java.util.Arrays.copyOf(line, line.length + 7);
        assertThat(WkbCheck.problem(longer, 100)).isEqualTo("geometry is damaged: 7 bytes follow the end of the geometry");
        byte[] order = line.clone();
        order[0] = 7;
        assertThat(WkbCheck.problem(order, 100)).contains("byte order 7");
        assertThat(WkbCheck.problem(new byte[] {1, 1}, 100)).contains("ends at byte 2, before its header");
    }

    @Test
    void collectionsNestedDeeperThanSixteenAreRefused() {
        ByteBuffer b = ByteBuffer.allocate(40 * 9 + 21).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 40; i++) {
            b.put((byte) 1).putInt(7).putInt(1);
        }
        b.put((byte) 1).putInt(1).putDouble(0).putDouble(0);
        assertThat(WkbCheck.problem(b.array(), 100)).contains("nested more than 16 collections deep");
    }

    @Test
    void verticesAreCountedOverAllPartsAgainstTheLimit() throws Exception {
        // 2 polygons of 4 vertices each: 8 vertices
        byte[] mp = wkb("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))", 2);
        assertThat(WkbCheck.problem(mp, 8)).isNull();
        assertThat(WkbCheck.problem(mp, 7)).contains("more than 7 vertices").contains("infill.ingest.max-vertices");
    }

    @Test
    void curvesAreRefusedByName() {
        ByteBuffer b = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(8).putInt(0);
        assertThat(WkbCheck.problem(b.array(), 100)).contains("geometry type 8").contains("not supported");
    }

    @Test
    void randomBytesNeverThrowAndAreRefusedUnlessTheyHappenToBeWellFormed() {
        Random random = new Random(13);
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(64)];
            random.nextBytes(b);
            if (b.length > 0) {
                b[0] = (byte) random.nextInt(2);
            }
            if (WkbCheck.problem(b, 100_000) != null) {
                refused++;
            }
        }
        assertThat(refused).as("random blobs are practically never well-formed WKB").isGreaterThan(19_900);
    }
}
