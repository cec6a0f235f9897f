package nl.infill.support;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** The real open data in ../shared/data (system property {@code infill.shared-data}). */
public final class SharedData {

    private SharedData() {
    }

    /** The file, or the test is skipped with a message saying why (a fresh clone has no ../shared). */
    public static Path file(String relative) {
        String root = System.getProperty("infill.shared-data");
        Path p = root == null ? null : Path.of(root).resolve(relative);
        Assumptions.assumeTrue(p != null && Files.isRegularFile(p),
                "skipped: real data file " + relative + " not found under infill.shared-data=" + root
                        + " (the ../shared/data folder is absent in a fresh clone)");
        return p;
    }
}
