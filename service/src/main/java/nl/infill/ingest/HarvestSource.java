package nl.infill.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;



import okhttp3.HttpUrl;
import tools.jackson.databind.JsonNode;

import nl.infill.geo.Crs;
import nl.infill.system.DomainException;
import nl.infill.system.UnprocessableInput;
import nl.infill.system.UpstreamFailure;

/**
 * The features of one OGC API - Features collection, read page after page: each page's body is
 * streamed through {@link GeoJsonSource}'s parser straight into the load (one feature in memory
 * at a time), then its {@code next} link is followed until there is none. The first page's URL,
 * the CRS asked for and the server's facts come from {@link Harvester#open}.
 *
 * <p>Any page that cannot be used stops the harvest, and with it the load, before anything is
 * changed: an HTTP error, an answer that is not GeoJSON, invalid or cut-off JSON, a refused
 * redirect or next link, a timeout, or one of the harvest's limits. The problem names the page,
 * its URL and its status.
 */
final class HarvestSource implements FeatureSource {

    static final String FORMAT = "ogcapi-features";
    static final String GEOJSON = "application/geo+json";
    private static final String ACCEPT = GEOJSON + ", application/json;q=0.9";

    /** What {@link Harvester#open} learnt: where the pages start and in which CRS they come. */
    record Plan(HttpUrl firstPage, String crsUri, int srid) {
    }

    /** Hears of each page read. */
    interface Listener {
        void page(HarvestProgress progress);
    }

    private final HarvestHttp.Session http;
    private final HarvestProperties props;
    private final String collection;
    private final Plan plan;
    private final Listener listener;
    private final GeoJsonSource parser = new GeoJsonSource();
    /** Global index of each page's first feature, for {@link #where}. */
    private final List<Long> pageStarts = new ArrayList<>();
    private long features;
    private Long numberMatched;

    HarvestSource(HarvestHttp.Session http, HarvestProperties props, String collection, Plan plan, Listener listener) {
        this.http = http;
        this.props = props;
        this.collection = collection;
        this.plan = plan;
        this.listener = listener;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String table() {
        return collection;
    }

    @Override
    public Set<String> attributes() {
        return parser.attributes();
    }

    /** What was asked for, so a preset's or file's CRS can never reinterpret the coordinates. */
    @Override
    public String declaredCrs() {
        return "EPSG:" + plan.srid();
    }

    @Override
    public String where(long index) {
        int page = pageStarts.size();
        while (page > 1 && pageStarts.get(page - 1) > index) {
            page--;
        }
        long first = pageStarts.isEmpty() ? 0 : pageStarts.get(page - 1);
        return "page " + page + " features[" + (index - first) + "]";
    }

    @Override
    public void read(Sink sink) {
        long started = System.nanoTime();
        Duration budget = props.maxDuration();
        Map<String, Integer> seen = new HashMap<>();
        HttpUrl url = plan.firstPage();
        int page = 0;
        while (url != null) {
            page++;
            Integer earlier = seen.putIfAbsent(url.toString(), page);
            if (earlier != null) {
                throw failure(page, url, null, Blame.SERVER, "the server's next link leads back to page "
                        + earlier + ", so its pages never end");
            }
            if (page > props.maxPages()) {
                throw failure(page, url, null, Blame.REQUEST, "the harvest would need more than "
                        + props.maxPages() + " pages (infill.harvest.max-pages): the server's next links do not end, "
                        + "or the collection is too big for one harvest; narrow it with a bbox");
            }
            Duration left = budget.minusNanos(System.nanoTime() - started);
            if (left.isNegative() || left.isZero()) {
                throw failure(page, url, null, Blame.TIMEOUT, "the harvest took longer than "
                        + budget + " (infill.harvest.max-duration)");
            }
            pageStarts.add(features);
            HttpUrl next;
            try {
                next = readPage(page, url, left, sink);
            } catch (RuntimeException e) {
                ended(page - 1, url, started);
                throw e;
            }
            // while running, the page read next; at the end, the last one read
            listener.page(new HarvestProgress(page, features, numberMatched, (next == null ? url : next).toString(),
                    (System.nanoTime() - started) / 1_000_000, next == null));
            url = next;
        }
    }

    /**
     * The progress as the harvest stops at a page: the pages read before it and the URL of the one
     * that failed. Written on a best-effort basis: the failure itself is what the load reports.
     */
    private void ended(int pagesRead, HttpUrl failing, long started) {
        try {
            listener.page(new HarvestProgress(pagesRead, features, numberMatched, failing.toString(),
                    (System.nanoTime() - started) / 1_000_000, true));
        } catch (RuntimeException progressNotWritten) {
            // e.g. the database went away, which the load itself reports
        }
    }

    /** Reads one page into the sink; returns its next link, or null at the end. */
    private HttpUrl readPage(int page, HttpUrl url, Duration timeout, Sink sink) {
        HarvestHttp.Answer answer;
        try {
            answer = http.get(url, ACCEPT, props.maxPageBytes().toBytes(), timeout);
        } catch (HarvestGuard.Refused e) {
            throw failure(page, url, null, Blame.REQUEST, "refused: " + e.getMessage());
        } catch (HarvestHttp.Failure e) {
            throw failure(page, url, null, e.timeout() ? Blame.TIMEOUT : Blame.SERVER,
                    e.getMessage());
        }
        try (answer) {
            HttpUrl at = answer.url();
            if (answer.status() != 200) {
                throw failure(page, at, answer.status(), Blame.SERVER, "the server answered HTTP "
                        + answer.status() + answer.snippet(300));
            }
            checkType(page, answer);
            checkCrs(page, answer);
            Links links = new Links();
            long before = features;
            long read;
            try {
                read = parser.read(answer.body(), features, (index, type, wkb, props, problem) -> {
                    if (++features > this.props.maxFeatures()) {
                        throw failure(page, at, 200, Blame.REQUEST, "the harvest would read more "
                                + "than " + this.props.maxFeatures() + " features (infill.harvest.max-features); "
                                + "narrow it with a bbox");
                    }
                    try {
                        sink.feature(index, type, wkb, props, problem);
                    } catch (RuntimeException e) {
                        throw new Downstream(e);
                    }
                }, links);
            } catch (Downstream e) {
                // the load's own failure (the staging COPY, the database): not the page's fault
                throw e.failure;
            } catch (DomainException e) {
                if (e.extra().containsKey("page")) {
                    throw e;
                }
                throw failure(page, at, 200, Blame.SERVER, "the answer is not a GeoJSON FeatureCollection: "
                        + e.getMessage() + " (at " + e.where() + ")");
            } catch (UncheckedIOException e) {
                throw failure(page, at, 200, e.getCause() instanceof java.io.InterruptedIOException
                        ? Blame.TIMEOUT : Blame.SERVER, readFailure(e.getCause()));
            }
            features = before + read;
            if (links.numberReturned != null && links.numberReturned != read) {
                throw failure(page, at, 200, Blame.SERVER, "the page says numberReturned "
                        + links.numberReturned + " but holds " + read + " features (cut off?)");
            }
            if (links.numberMatched != null && numberMatched == null) {
                numberMatched = links.numberMatched;
            }
            return links.next == null ? null : resolveNext(page, at, links.next);
        }
    }

    private HttpUrl resolveNext(int page, HttpUrl at, String href) {
        HttpUrl next = at.resolve(href);
        if (next == null) {
            throw failure(page, at, 200, Blame.SERVER, "its next link '" + shorten(href)
                    + "' is not an http(s) URL");
        }
        try {
            return http.guard().check(next);
        } catch (HarvestGuard.Refused e) {
            throw failure(page, at, 200, Blame.REQUEST, "its next link is refused: " + e.getMessage());
        }
    }

    private void checkType(int page, HarvestHttp.Answer a) {
        String type = a.contentType() == null ? "" : a.contentType().toLowerCase(java.util.Locale.ROOT);
        String base = type.split(";", 2)[0].strip();
        if (base.isEmpty() || base.equals(GEOJSON) || base.equals("application/json") || base.endsWith("+json")) {
            return;
        }
        throw failure(page, a.url(), 200, Blame.SERVER, "the server answered " + base
                + " instead of GeoJSON" + (base.contains("html") ? " (an error or sign-in page, or not an OGC API?)" : ""));
    }

    private void checkCrs(int page, HarvestHttp.Answer a) {
        String header = a.contentCrs();
        if (header == null || header.isBlank()) {
            return;
        }
        String uri = header.strip();
        if (uri.startsWith("<") && uri.endsWith(">")) {
            uri = uri.substring(1, uri.length() - 1);
        }
        int srid;
        try {
            srid = Crs.sridOf(uri, "Content-Crs");
        } catch (DomainException e) {
            srid = -1;
        }
        if (srid != plan.srid()) {
            throw failure(page, a.url(), 200, Blame.SERVER, "the page is in " + uri + " (Content-Crs), not in "
                    + plan.crsUri() + " as asked");
        }
    }

    private static String readFailure(IOException e) {
        if (e instanceof HarvestHttp.TooLarge) {
            return "the page is " + e.getMessage() + " (infill.harvest.max-page-bytes)";
        }
        if (e instanceof java.io.InterruptedIOException) {
            return "reading the page timed out: " + HarvestHttp.describe(e);
        }
        return "the connection broke off while the page was read (cut off?): " + HarvestHttp.describe(e);
    }

    /**
     * The problem that stops a harvest at a page: named by page number, URL and status (null when
     * no answer came), with {@code where} "page N".
     */
    static DomainException failure(int page, HttpUrl url, Integer status, Blame blame, String why) {
        Map<String, Object> extra = new HashMap<>();
        extra.put("page", page);
        extra.put("pageUrl", url.toString());
        if (status != null) {
            extra.put("pageStatus", status);
        }
        String detail = "Page " + page + " (" + url + (status == null ? ", no answer" : ", HTTP " + status)
                + "): " + why + ". Nothing was changed.";
        return blame == Blame.REQUEST ? new UnprocessableInput("page " + page, detail, extra)
                : new UpstreamFailure("Harvest failed", blame == Blame.TIMEOUT, "page " + page, detail, extra);
    }

    /** Whose fault a stopped harvest is: the request's (a limit or a refused URL) or the server's. */
    enum Blame {
        /** The harvest asked for more than its limits allow, or a link it was given is refused. */
        REQUEST,
        /** The server answered something that is not a page of features. */
        SERVER,
        /** The server did not answer in time. */
        TIMEOUT
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** The top-level members of a page that paging needs. */
    private static final class Links implements GeoJsonSource.Members {
        String next;
        Long numberMatched;
        Long numberReturned;

        @Override
        public boolean wants(String name) {
            return name.equals("links") || name.equals("numberMatched") || name.equals("numberReturned");
        }

        @Override
        public void member(String name, JsonNode value) {
            switch (name) {
                case "numberMatched" -> numberMatched = value.isIntegralNumber() ? value.longValue() : null;
                case "numberReturned" -> numberReturned = value.isIntegralNumber() ? value.longValue() : null;
                default -> next = next(value);
            }
        }

        /** The rel=next link for GeoJSON: typed application/geo+json first, else JSON or untyped. */
        private static String next(JsonNode links) {
            String fallback = null;
            if (links == null || !links.isArray()) {
                return null;
            }
            for (JsonNode l : links.values()) {
                if (!"next".equals(l.path("rel").asString(null)) || !l.path("href").isString()) {
                    continue;
                }
                String type = l.path("type").asString("").toLowerCase(java.util.Locale.ROOT);
                if (type.startsWith(GEOJSON)) {
                    return l.path("href").asString();
                }
                if (fallback == null && (type.isEmpty() || type.startsWith("application/json"))) {
                    fallback = l.path("href").asString();
                }
            }
            return fallback;
        }
    }

    /** A failure of the sink (the load), carried past the page's error handling unchanged. */
    private static final class Downstream extends RuntimeException {
        private final RuntimeException failure;

        Downstream(RuntimeException failure) {
            super(failure);
            this.failure = failure;
        }
    }

    @Override
    public void close() {
        // each page's answer is closed after it was read
    }
}
