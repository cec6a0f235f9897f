package nl.infill.ingest;

/**
 * A running harvest after a page: pages fetched, features read, the server's {@code numberMatched}
 * (null when it gives none), the URL of the page read next (of the last page once {@code done}),
 * and the time since the first request.
 */
record HarvestProgress(int pages, long features, Long numberMatched, String pageUrl, long elapsedMs, boolean done) {

    /** Features read per second so far. */
    double featuresPerSecond() {
        return elapsedMs <= 0 ? 0 : features * 1000.0 / elapsedMs;
    }

    /** Percent of {@code numberMatched} read, or null when the server did not say how many match. */
    Integer percent() {
        return numberMatched == null || numberMatched <= 0 ? null : (int) Math.min(100, features * 100 / numberMatched);
    }
}
