package nl.infill.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import nl.infill.system.DomainException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GeoPackage reader stops inside SQLite once the load's time is up: SQLite's progress handler
 * interrupts the statement in {@code NativeDB.step}, so a read that would go on (here a million
 * rows given 50 ms) ends with the load's time-limit problem instead of running to its end.
 */
class GeoPackageReaderLimitsTest {

    @Test
    void readStopsWithTheTimeLimitProblemWhenTheLoadsTimeIsUp(@TempDir Path dir) throws Exception {
        long rows = 1_000_000;
        Path gpkg = HostileFiles.gpkg(dir, (c, s) -> {
            HostileFiles.amenitiesTable(s);
            s.execute("WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r WHERE i + 1 < " + rows + ") "
                    + "INSERT INTO amenities (source_id, type) SELECT i, 'gp' FROM r");
        });
        LoadLimits limits = LoadLimits.timeOnly(Duration.ofMillis(50));
        AtomicLong seen = new AtomicLong();
        DomainException p = catchThrowableOfType(DomainException.class, () -> {
            try (GeoPackageSource source = GeoPackageSource.open(gpkg, null, null, limits)) {
                source.read((index, type, wkb, props, problem) -> seen.incrementAndGet());
            }
        });
        assertThat(p).as("the read must be stopped, not run to its end").isNotNull();
        assertThat(p.getMessage()).contains("took longer than 50 ms").contains("infill.ingest.max-duration");
        assertThat(seen.get()).as("rows handed over before the stop").isLessThan(rows);
    }

    @Test
    void readWithinItsTimeHandsOverEveryRow(@TempDir Path dir) throws Exception {
        Path gpkg = HostileFiles.gpkg(dir, (c, s) -> HostileFiles.manyAmenities(c, s, 2500));
        AtomicLong seen = new AtomicLong();
        try (GeoPackageSource source = GeoPackageSource.open(gpkg, null, null, LoadLimits.timeOnly(Duration.ofMinutes(5)))) {
            source.read((index, type, wkb, props, problem) -> seen.incrementAndGet());
        }
        assertThat(seen.get()).isEqualTo(2500);
    }
}
