package nl.infill.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;

/** The planted ground truth holds for other seeds and sizes, not only for the default city. */
class PlantedCandidatesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42})
    void everySeedPlantsLargeParcelsUnderGenerousMixedZoning(long seed) throws Exception {
        SampleCity.Summary s = SampleCity.generate(dir.resolve("city-" + seed + ".gpkg"), 5_000, seed);

        try (GpkgRows rows = new GpkgRows(s.file())) {
            List<Map<String, Object>> planted = rows.query("SELECT c.kind, p.geom, p.area_m2 FROM planted_candidates c"
                    + " JOIN parcels p ON p.source_id = c.parcel_source_id");
            // Every planted row joins to exactly one parcel (ids are unique).
            assertThat(planted).hasSize(s.plantedCandidates());
            assertThat(s.plantedCandidates()).isGreaterThanOrEqualTo(4);
            List<Map<String, Object>> mixed = rows.query("SELECT geom, max_fsi FROM zoning WHERE function = 'gemengd'");
            for (var c : planted) {
                Geometry parcel = (Geometry) c.get("geom");
                assertThat(((Number) c.get("area_m2")).doubleValue()).isGreaterThan(3_500);
                double fsi = mixed.stream().filter(z -> ((Geometry) z.get("geom")).covers(parcel))
                        .mapToDouble(z -> ((Number) z.get("max_fsi")).doubleValue()).max().orElse(0);
                // underused parcels get FSI 2.5, ageing offices 3.0
                assertThat(fsi).isEqualTo(c.get("kind").equals("ageing_office") ? 3.0 : 2.5);
            }
        }
    }
}
