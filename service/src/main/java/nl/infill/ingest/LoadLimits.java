package nl.infill.ingest;

import java.time.Duration;
import java.util.Map;

import nl.infill.system.LimitExceeded;
import nl.infill.system.UnprocessableInput;



/**
 * The bounds of one load (features read, bytes staged, wall time), checked by the file readers
 * and by the loader as features arrive, so that no file (an endless SQLite view, a table of
 * generated columns, a GeoJSON array of millions of features) can keep a thread, the database's
 * disk or a transaction busy for longer than configured. Each exceeded bound is a problem that
 * fails the load like any other: the transaction rolls back and the report ends {@code failed}.
 */
final class LoadLimits {

    private final long maxFeatures;
    private final long maxBytes;
    private final Duration maxDuration;
    private final long deadline;

    private LoadLimits(long maxFeatures, long maxBytes, Duration maxDuration) {
        this.maxFeatures = maxFeatures;
        this.maxBytes = maxBytes;
        this.maxDuration = maxDuration;
        this.deadline = System.nanoTime() + maxDuration.toNanos();
    }

    /** The limits of a load starting now. */
    static LoadLimits start(IngestProperties props) {
        return new LoadLimits(props.maxFeatures(), props.maxStagedBytes().toBytes(), props.maxDuration());
    }

    /** Rows and bytes bounded, time not: for harvests, which have their own duration limit. */
    static LoadLimits untimed(IngestProperties props) {
        return new LoadLimits(props.maxFeatures(), props.maxStagedBytes().toBytes(), Duration.ofDays(365));
    }

    /** Only a time bound, for reading a file's metadata outside a load (the sample city's table list). */
    static LoadLimits timeOnly(Duration maxDuration) {
        return new LoadLimits(Long.MAX_VALUE, Long.MAX_VALUE, maxDuration);
    }

    boolean expired() {
        return System.nanoTime() - deadline > 0;
    }

    /** What is left of the load's time, at least 1 ms (a database timeout of 0 would mean none). */
    Duration remaining() {
        return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
    }

    Duration maxDuration() {
        return maxDuration;
    }

    /** Call with the count of features read so far and the bytes staged so far. */
    void check(long features, long bytes) {
        if (features > maxFeatures) {
            throw new LimitExceeded("Too many features", "features", "The file has more than "
                    + maxFeatures + " features, the most one load may read (infill.ingest.max-features). "
                    + "Nothing was changed; split the file or raise the limit.",
                    Map.of("maxFeatures", maxFeatures));
        }
        if (bytes > maxBytes) {
            throw new LimitExceeded("Too much data", "features", "The file's features come to more "
                    + "than " + maxBytes + " bytes, the most one load may stage (infill.ingest.max-staged-bytes). "
                    + "Nothing was changed.", Map.of("maxStagedBytes", maxBytes));
        }
        if (expired()) {
            throw timedOut();
        }
    }

    UnprocessableInput timedOut() {
        return new UnprocessableInput("file", "The load took longer than " + human(maxDuration)
                + " (infill.ingest.max-duration) and was stopped; nothing was changed.",
                Map.of("maxDurationSeconds", maxDuration.toSeconds()));
    }

    private static String human(Duration d) {
        return d.toMillis() % 60_000 == 0 ? d.toMinutes() + " min"
                : d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
