package nl.infill.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

class GpkgGeometryTest {

    @Test
    void rectangleIsACounterClockwiseMultiPolygonWithAnXyEnvelope() throws Exception {
        byte[] blob = GpkgGeometry.rectangle(93_000, 452_000, 93_010, 452_005);

        Geometry g = GpkgGeometry.decode(blob);
        Geometry expected = new WKTReader().read(
                "MULTIPOLYGON (((93000 452000, 93010 452000, 93010 452005, 93000 452005, 93000 452000)))");
        assertThat(g.equalsExact(expected)).as(g.toText()).isTrue();
        assertThat(g.getSRID()).isEqualTo(28992);
        // 10 m x 5 m = 50 m2
        assertThat(g.getArea()).isEqualTo(50.0);
        ByteBuffer header = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(blob, 0, 2, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("GP");
        assertThat(blob[2]).isZero(); // version 1 of the binary format is stored as 0
        assertThat(blob[3]).isEqualTo((byte) 0b011); // little-endian, envelope [minx, maxx, miny, maxy]
        assertThat(header.getInt(4)).isEqualTo(28992);
        assertThat(new double[] {header.getDouble(8), header.getDouble(16), header.getDouble(24), header.getDouble(32)})
                .containsExactly(93_000, 93_010, 452_000, 452_005);
    }

    @Test
    void segmentKeepsItsDirectionButItsEnvelopeIsOrdered() throws Exception {
        byte[] blob = GpkgGeometry.segment(10, 20, 4, 2);

        assertThat(GpkgGeometry.decode(blob).equalsExact(new WKTReader().read("LINESTRING (10 20, 4 2)"))).isTrue();
        ByteBuffer header = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new double[] {header.getDouble(8), header.getDouble(16), header.getDouble(24), header.getDouble(32)})
                .containsExactly(4, 10, 2, 20);
    }

    @Test
    void pointCarriesNoEnvelope() throws Exception {
        byte[] blob = GpkgGeometry.point(93_512.5, 452_001.25);

        assertThat(blob[3]).isEqualTo((byte) 0b001);
        assertThat(blob).hasSize(8 + 21); // header + WKB point (1 + 4 + 2 x 8)
        assertThat(GpkgGeometry.decode(blob).equalsExact(new WKTReader().read("POINT (93512.5 452001.25)"))).isTrue();
    }

    @Test
    void somethingThatIsNotAGeoPackageBlobIsRefused() {
        assertThatThrownBy(() -> GpkgGeometry.decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a GeoPackage");
    }
}
