package nl.infill.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as ./infill calls it: options, messages and exit codes. */
class SampleCityGeneratorTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SampleCityGenerator.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesTheCityAndSaysWhatItWrote() throws Exception {
        Path file = dir.resolve("city.gpkg");

        int code = run("--out", file.toString(), "--parcels", "1_000", "--seed", "7");

        assertThat(code).isZero();
        assertThat(file).isRegularFile();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("parcels", "planted candidates", "(seed 7)",
                file.toString());
        try (GpkgRows rows = new GpkgRows(file)) {
            assertThat(rows.count("parcels")).isBetween(900L, 1_100L);
        }
    }

    @Test
    void missingOutIsABadInvocationWithUsage() {
        assertThat(run("--parcels", "1000")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--out FILE is required", "usage:");
    }

    @Test
    void parcelCountOutsideTheRangeIsRejectedBeforeAnythingIsWritten() {
        Path file = dir.resolve("never.gpkg");

        assertThat(run("--out", file.toString(), "--parcels", "500")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("between 1000 and 1000000, got 500");
        assertThat(file).doesNotExist();
    }

    @Test
    void nonNumericAndUnknownOptionsNameTheOffendingOption() {
        assertThat(run("--out", "x.gpkg", "--seed", "abc")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--seed expects a whole number, got 'abc'");
        assertThat(run("--out", "x.gpkg", "--size", "3")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --size");
    }

    @Test
    void anUnwritableTargetFailsWithExitCodeOneAndLeavesNoPartialFile() throws Exception {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "a file where a folder should be");

        int code = run("--out", blocker.resolve("city.gpkg").toString(), "--parcels", "1000");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot write");
        assertThat(Files.list(dir)).containsExactly(blocker);
    }
}
