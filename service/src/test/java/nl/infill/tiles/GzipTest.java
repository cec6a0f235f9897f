package nl.infill.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class GzipTest {

    @Test
    void browsersAcceptEncodingAdmitsGzip() {
        assertThat(Gzip.accepted("gzip, deflate, br, zstd")).isTrue();
        assertThat(Gzip.accepted("br;q=1.0, GZIP;q=0.5")).isTrue();
        assertThat(Gzip.accepted("x-gzip")).isTrue();
        assertThat(Gzip.accepted("*")).isTrue();
    }

    @Test
    void gzipRefusedOrNotNamedGivesThePlainTile() {
        assertThat(Gzip.accepted(null)).isFalse();
        assertThat(Gzip.accepted("")).isFalse();
        assertThat(Gzip.accepted("identity")).isFalse();
        assertThat(Gzip.accepted("br, deflate")).isFalse();
        assertThat(Gzip.accepted("gzip;q=0")).isFalse();
        assertThat(Gzip.accepted("gzip; q=0.000, br")).isFalse();
        // An explicit entry for gzip outranks the wildcard, in either order.
        assertThat(Gzip.accepted("*, gzip;q=0")).isFalse();
        assertThat(Gzip.accepted("gzip;q=0, *")).isFalse();
        assertThat(Gzip.accepted("*;q=0")).isFalse();
    }

    @Test
    void compressedBytesDecompressToTheOriginal() {
        byte[] plain = "layer parcels, feature 1, feature 2, feature 3, feature 4".repeat(50)
                .getBytes(StandardCharsets.UTF_8);
        byte[] gz = Gzip.compress(plain);
        assertThat(gz.length).isLessThan(plain.length);
        assertThat(Gzip.decompress(gz)).isEqualTo(plain);
    }
}
