package nl.infill.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The sample city: a deterministic, Zoetermeer-like city written as one GeoPackage that follows
 * the generator-to-loader contract in docs/architecture.md. This is the library entry point;
 * {@link SampleCityGenerator} is the command line around it.
 */
public final class SampleCity {

    public static final int MIN_PARCELS = 1_000;
    public static final int MAX_PARCELS = 1_000_000;
    /** Close to the number of cadastral parcels in Zoetermeer. */
    public static final int DEFAULT_PARCELS = 30_000;
    /** Zoetermeer's CBS municipality number. */
    public static final long DEFAULT_SEED = 637;

    /** What was written, for logs, tests and benchmarks. */
    public record Summary(Path file, long seed, int requestedParcels, int parcels, int buildings, int zones,
            int amenities, int neighbourhoods, int streets, int constraints, int units, int dwellings,
            int plantedCandidates,
            int gridColumns, int gridRows, long fileBytes, long millis) {
    }

    private SampleCity() {
    }

    /**
     * Writes the city to {@code out} (replacing it), via a temporary file in the same folder so
     * that a failed run never leaves a partial GeoPackage under the final name.
     *
     * @param parcels the wanted number of parcels, {@value #MIN_PARCELS}..{@value #MAX_PARCELS};
     *                the result lands within a few percent of it
     */
    public static Summary generate(Path out, int parcels, long seed) throws IOException {
        if (parcels < MIN_PARCELS || parcels > MAX_PARCELS) {
            throw new IllegalArgumentException("parcels must be between " + MIN_PARCELS + " and " + MAX_PARCELS
                    + ", got " + parcels);
        }
        long start = System.nanoTime();
        CityLayout layout = size(parcels, seed);
        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".part.gpkg");
        Files.deleteIfExists(tmp);
        CityGenerator generator;
        try (GpkgWriter writer = new GpkgWriter(tmp)) {
            generator = new CityGenerator(layout, writer);
            generator.run();
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        return new Summary(target, seed, parcels, generator.parcels, generator.buildings, generator.zones,
                generator.amenities, generator.neighbourhoods, generator.streets, generator.constraints,
                generator.units, generator.dwellings, generator.candidates, layout.nx, layout.ny, Files.size(target),
                (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Sizes the block grid so the parcel count lands near the target: counts a candidate grid
     * with the real block code (no writing), rescales the number of blocks, and repeats.
     */
    static CityLayout size(int parcels, long seed) {
        double blocks = parcels / 28.0;
        CityLayout best = null;
        int bestCount = 0;
        for (int attempt = 0; attempt < 6; attempt++) {
            // Blocks are about twice as wide as deep: 0.7 columns per row gives a city a little
            // wider than high, like Zoetermeer.
            int ny = Math.max(7, (int) Math.round(Math.sqrt(blocks / 0.7)));
            int nx = Math.max(6, (int) Math.round(ny * 0.7));
            CityLayout layout = new CityLayout(seed, nx, ny);
            int count = count(layout);
            if (best == null || Math.abs(count - parcels) < Math.abs(bestCount - parcels)) {
                best = layout;
                bestCount = count;
            }
            if (Math.abs(count - parcels) < 0.02 * parcels) {
                break;
            }
            blocks = (double) nx * ny * parcels / count;
        }
        // In a small city one grid line is several percent of the parcels: try the neighbouring
        // grids too (cheap below 100,000 parcels, where counting takes milliseconds).
        if (parcels <= 100_000 && Math.abs(bestCount - parcels) >= 0.01 * parcels) {
            int nx0 = best.nx;
            int ny0 = best.ny;
            for (int dx = -1; dx <= 1; dx++) {
                for (int dy = -1; dy <= 1; dy++) {
                    if ((dx == 0 && dy == 0) || nx0 + dx < 6 || ny0 + dy < 7) {
                        continue;
                    }
                    CityLayout layout = new CityLayout(seed, nx0 + dx, ny0 + dy);
                    int count = count(layout);
                    if (Math.abs(count - parcels) < Math.abs(bestCount - parcels)) {
                        best = layout;
                        bestCount = count;
                    }
                }
            }
        }
        return best;
    }

    private static int count(CityLayout layout) {
        CityGenerator counter = new CityGenerator(layout, null);
        counter.run();
        return counter.parcels;
    }
}
