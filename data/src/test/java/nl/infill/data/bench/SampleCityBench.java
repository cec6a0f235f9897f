package nl.infill.data.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import nl.infill.data.SampleCity;

/**
 * Generation time, file size and peak heap of the sample city at the given parcel counts (default
 * 1,000 and 30,000; pass 1000000 for the big one, alone). Not a test: run it by hand, see
 * docs/benchmarks.md for the command and the recorded figures.
 */
public final class SampleCityBench {

    private SampleCityBench() {
    }

    public static void main(String[] args) throws Exception {
        String[] sizes = args.length == 0 ? new String[] {"1000", "30000"} : args;
        Path dir = Files.createTempDirectory("sample-city-bench");
        System.out.printf(Locale.ROOT, "%-10s %10s %10s %9s %9s %10s %s%n", "requested", "parcels", "buildings",
                "seconds", "MB", "peak heap", "max heap");
        for (String size : sizes) {
            resetPeaks();
            Path out = dir.resolve("city-" + size + ".gpkg");
            SampleCity.Summary s = SampleCity.generate(out, Integer.parseInt(size), SampleCity.DEFAULT_SEED);
            System.out.printf(Locale.ROOT, "%-10s %10d %10d %9.1f %9.1f %8.0f MB %d MB%n", size, s.parcels(),
                    s.buildings(), s.millis() / 1000.0, s.fileBytes() / 1e6, peakHeapBytes() / 1e6,
                    Runtime.getRuntime().maxMemory() / (1 << 20));
            Files.delete(out);
        }
        Files.delete(dir);
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks: an upper bound of the heap in use at any one moment. */
    private static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
