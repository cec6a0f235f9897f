package nl.infill.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCityDeterminismTest {

    @TempDir
    Path dir;

    @Test
    void sameSeedAndSizeGiveIdenticalFeaturesAndAnotherSeedGivesAnotherCity() throws Exception {
        SampleCity.Summary a = SampleCity.generate(dir.resolve("a.gpkg"), 1_000, 637);
        SampleCity.Summary b = SampleCity.generate(dir.resolve("b.gpkg"), 1_000, 637);
        SampleCity.Summary c = SampleCity.generate(dir.resolve("c.gpkg"), 1_000, 638);

        assertThat(digest(a.file())).isEqualTo(digest(b.file()));
        assertThat(digest(a.file())).isNotEqualTo(digest(c.file()));
        assertThat(a.parcels()).isEqualTo(b.parcels());
    }

    @Test
    void smallestCityLandsNearTheRequestedParcelCount() throws Exception {
        SampleCity.Summary s = SampleCity.generate(dir.resolve("small.gpkg"), 1_000, 637);

        // The grid is sized by counting; +-10 % is the promise in docs/datagen.md.
        assertThat(s.parcels()).isBetween(900, 1_100);
        try (GpkgRows rows = new GpkgRows(s.file())) {
            assertThat(rows.count("parcels")).isEqualTo(s.parcels());
            assertThat(rows.count("buildings")).isEqualTo(s.buildings());
            assertThat(rows.count("units")).isEqualTo(s.units()).isPositive();
            assertThat(rows.count("planted_candidates")).isEqualTo(s.plantedCandidates()).isPositive();
        }
    }

    @Test
    void aFailedSizeCheckWritesNoFile() {
        Path out = dir.resolve("too-small.gpkg");

        assertThatThrownBy(() -> SampleCity.generate(out, 999, 637))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1000");
        assertThatThrownBy(() -> SampleCity.generate(out, 1_000_001, 637))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1000000");
        assertThat(out).doesNotExist();
    }

    @Test
    void anExistingFileIsReplacedNotAppendedTo() throws Exception {
        Path out = dir.resolve("again.gpkg");
        SampleCity.Summary first = SampleCity.generate(out, 1_000, 637);
        SampleCity.Summary second = SampleCity.generate(out, 1_000, 637);

        try (GpkgRows rows = new GpkgRows(out)) {
            assertThat(rows.count("parcels")).isEqualTo(second.parcels()).isEqualTo(first.parcels());
        }
        assertThat(Files.list(dir)).containsExactly(out);
    }

    /** SHA-256 over every row of every feature and attribute table, in table and id order. */
    private static String digest(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (GpkgRows rows = new GpkgRows(file); Statement s = rows.connection().createStatement()) {
            for (String table : new String[] {"parcels", "buildings", "zoning", "amenities", "neighbourhoods",
                    "streets", "constraints", "units", "planted_candidates"}) {
                md.update(table.getBytes(StandardCharsets.UTF_8));
                try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY id")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int c = 1; c <= n; c++) {
                            Object v = rs.getObject(c);
                            md.update(v instanceof byte[] bytes ? bytes
                                    : String.valueOf(v).getBytes(StandardCharsets.UTF_8));
                            md.update((byte) 0);
                        }
                    }
                }
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
