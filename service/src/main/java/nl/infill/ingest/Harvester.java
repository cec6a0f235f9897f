package nl.infill.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import okhttp3.HttpUrl;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import nl.infill.geo.Crs;
import nl.infill.system.DomainException;
import nl.infill.system.InvalidInput;
import nl.infill.system.UnprocessableInput;
import nl.infill.system.UpstreamFailure;

/**
 * Prepares a harvest (OGC API - Features Part 1 Core and Part 2 CRS by reference): reads the
 * collection document for the CRSs the collection offers and its items link, asks for
 * EPSG:28992 when it is offered (RD's own axis order, easting before northing, as Part 2 has every
 * CRS but CRS84 use its own) and CRS84 otherwise, and builds the first page's URL with
 * {@code limit}, {@code crs}, {@code bbox} and {@code bbox-crs}. The pages themselves are read by
 * {@link HarvestSource} inside the load.
 */
@Component
class Harvester {

    static final String RD_URI = "http://www.opengis.net/def/crs/EPSG/0/28992";
    static final String CRS84_URI = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    private static final Logger log = LoggerFactory.getLogger(Harvester.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HarvestProperties props;
    private final HarvestHttp http;
    private final LoadStore history;
    private final JdbcClient jdbc;
    private final TransactionTemplate progressTx;

    Harvester(HarvestProperties props, LoadStore history, JdbcClient jdbc, PlatformTransactionManager txManager) {
        this.props = props;
        this.http = new HarvestHttp(new HarvestGuard(props.allowedHosts(), props.allowPrivate()), props);
        this.history = history;
        this.jdbc = jdbc;
        // progress is written while the load's transaction is open: in one of its own, to be seen
        this.progressTx = new TransactionTemplate(txManager);
        this.progressTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The user's URL checked before anything is started (syntax, scheme, credentials, allow-list). */
    HttpUrl checkUrl(String url, String where) {
        try {
            return http.guard().check(url);
        } catch (HarvestGuard.Refused e) {
            throw new InvalidInput(where, e.getMessage());
        }
    }

    /** Checks a collection id (a path segment of the API). */
    static String checkCollection(String collection, String where) {
        if (collection == null || collection.isBlank()) {
            throw new InvalidInput(where, "Give the collection to harvest (e.g. pand, perceel, buurten).");
        }
        if (!HarvestRequest.COLLECTION.matcher(collection).matches()) {
            throw new InvalidInput(where, "A collection id has 1 to 200 letters, digits and . _ ~ : - only.");
        }
        return collection;
    }

    /** Checks the features asked for per page. */
    static Integer checkLimit(Integer limit, String where) {
        if (limit != null && (limit < 1 || limit > 100_000)) {
            throw new InvalidInput(where, "The features per page must be between 1 and 100000 (the server may "
                    + "send fewer).");
        }
        return limit;
    }

    /**
     * Reads the collection's facts and returns the source of its pages for load {@code loadId},
     * whose progress it writes after every page (at most every {@code progress-interval}).
     */
    HarvestSource open(long loadId, HarvestRequest req) {
        HarvestHttp.Session session = http.session();
        HttpUrl landing = landing(checkUrl(req.url(), "url"), req.collection());
        HttpUrl collectionUrl = landing.newBuilder().addPathSegment("collections").addPathSegment(req.collection()).build();
        JsonNode doc = document(session, collectionUrl, "collection",
                "The server has no collection '" + req.collection() + "'");
        List<String> crsList = crs(doc.path("crs"));
        if (crsList.contains("#/crs")) {
            // Part 2: the collection takes the CRSs listed once for all collections
            crsList.addAll(crs(document(session, landing.newBuilder().addPathSegment("collections").build(), "url",
                    "The server has no collections document").path("crs")));
        }
        String rd = crsList.stream().filter(Harvester::isRd).findFirst().orElse(null);
        HttpUrl items = itemsLink(doc, collectionUrl);
        HttpUrl.Builder first = items.newBuilder()
                .setQueryParameter("limit", String.valueOf(req.limitPerPage() != null ? req.limitPerPage() : props.pageLimit()));
        if (rd != null) {
            first.setQueryParameter("crs", rd);
        }
        req.filters().forEach(first::setQueryParameter);
        if (req.bbox() != null) {
            HarvestRequest.Bbox b = req.bbox();
            if (b.srid() == Crs.RD.srid() && rd == null) {
                b = toCrs84(b);
            }
            first.setQueryParameter("bbox", b.text());
            if (b.srid() == Crs.RD.srid()) {
                first.setQueryParameter("bbox-crs", rd);
            }
        }
        HarvestSource.Plan plan = new HarvestSource.Plan(first.build(), rd != null ? rd : CRS84_URI, rd != null ? Crs.RD.srid() : 4326);
        log.info("harvest {}: {} in {} from {}", loadId, req.collection(), plan.crsUri(), plan.firstPage());
        return new HarvestSource(session, props, req.collection(), plan, progressWriter(loadId, req.watcher()));
    }

    /** The API's landing page from a landing, collection or items URL of it (query and fragment dropped). */
    static HttpUrl landing(HttpUrl url, String collection) {
        List<String> segments = new ArrayList<>(url.pathSegments());
        while (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
            segments.remove(segments.size() - 1);
        }
        int c = segments.lastIndexOf("collections");
        if (c >= 0 && c >= segments.size() - 3) {
            List<String> tail = segments.subList(c + 1, segments.size());
            boolean collectionUrl = tail.size() == 1 || (tail.size() == 2 && tail.get(1).equals("items"));
            if (collectionUrl && !tail.get(0).equals(collection)) {
                throw new InvalidInput("collection", "The URL names collection '" + tail.get(0)
                        + "' but the harvest asks for '" + collection + "'.");
            }
            if (collectionUrl || tail.isEmpty()) {
                segments = new ArrayList<>(segments.subList(0, c));
            }
        }
        HttpUrl.Builder b = url.newBuilder().query(null).fragment(null).encodedPath("/");
        segments.forEach(b::addPathSegment);
        return b.build();
    }

    private JsonNode document(HarvestHttp.Session session, HttpUrl url, String where, String notFound) {
        try (HarvestHttp.Answer a = session.get(url, "application/json", props.maxDocumentBytes().toBytes(),
                props.readTimeout().plus(props.connectTimeout()))) {
            if (a.status() == 404) {
                throw new UnprocessableInput(where, notFound + " (HTTP 404 at "
                        + a.url() + "). Nothing was changed.", Map.of("pageUrl", a.url().toString(), "pageStatus", 404));
            }
            if (a.status() != 200) {
                throw documentProblem(a.url(), a.status(), "answered HTTP " + a.status() + a.snippet(300));
            }
            String type = a.contentType() == null ? "" : a.contentType().toLowerCase(java.util.Locale.ROOT);
            if (type.contains("html") || type.contains("xml")) {
                throw documentProblem(a.url(), a.status(), "answered " + type.split(";")[0]
                        + " instead of JSON (is it an OGC API - Features landing page?)");
            }
            try {
                JsonNode doc = JSON.readTree(a.body());
                if (doc == null || !doc.isObject()) {
                    throw documentProblem(a.url(), a.status(), "answered JSON that is not a collection document");
                }
                return doc;
            } catch (JacksonException e) {
                throw documentProblem(a.url(), a.status(), e.getCause() instanceof IOException io
                        ? "could not be read: " + HarvestHttp.describe(io)
                        : "answered invalid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
            } catch (UncheckedIOException e) {
                throw documentProblem(a.url(), a.status(), "could not be read: " + HarvestHttp.describe(e.getCause()));
            }
        } catch (HarvestGuard.Refused e) {
            throw new UnprocessableInput("url", e.getMessage()
                    + " Nothing was changed.", Map.of("pageUrl", url.toString()));
        } catch (HarvestHttp.Failure e) {
            throw new UpstreamFailure("Harvest failed", e.timeout(), "url",
                    "The collection document " + url + " could not be had: " + e.getMessage() + ". Nothing was changed.",
                    Map.of("pageUrl", url.toString()));
        }
    }

    private static UpstreamFailure documentProblem(HttpUrl url, int status, String why) {
        return new UpstreamFailure("Harvest failed", false, "url", "The collection document " + url + " " + why
                + ". Nothing was changed.", Map.of("pageUrl", url.toString(), "pageStatus", status));
    }

    private static List<String> crs(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list.isArray()) {
            list.values().forEach(v -> {
                if (v.isString()) {
                    out.add(v.asString().strip());
                }
            });
        }
        return out;
    }

    private static boolean isRd(String uri) {
        try {
            return !uri.startsWith("#") && Crs.sridOf(uri, "crs") == Crs.RD.srid();
        } catch (DomainException notACrsWeKnow) {
            return false;
        }
    }

    /** The collection's items link for GeoJSON, else the standard path. */
    private static HttpUrl itemsLink(JsonNode doc, HttpUrl collectionUrl) {
        HttpUrl fallback = collectionUrl.newBuilder().addPathSegment("items").build();
        for (JsonNode l : doc.path("links").values()) {
            if ("items".equals(l.path("rel").asString(null)) && l.path("href").isString()
                    && l.path("type").asString("").toLowerCase(java.util.Locale.ROOT).startsWith(HarvestSource.GEOJSON)) {
                HttpUrl u = collectionUrl.resolve(l.path("href").asString());
                return u == null ? fallback : u;
            }
        }
        return fallback;
    }

    private HarvestRequest.Bbox toCrs84(HarvestRequest.Bbox rd) {
        return jdbc.sql(IngestSql.load("bbox-to-crs84.sql"))
                .param("minX", rd.minX()).param("minY", rd.minY()).param("maxX", rd.maxX()).param("maxY", rd.maxY())
                .query((rs, i) -> new HarvestRequest.Bbox(rs.getDouble("min_x"), rs.getDouble("min_y"),
                        rs.getDouble("max_x"), rs.getDouble("max_y"), 4326))
                .single();
    }

    private HarvestSource.Listener progressWriter(long loadId, HarvestRequest.Watcher watcher) {
        long interval = props.progressInterval().toNanos();
        long[] last = {System.nanoTime() - interval};
        return p -> {
            if (watcher != null) {
                watcher.page(p);
            }
            long now = System.nanoTime();
            if (p.done() || p.pages() == 1 || now - last[0] >= interval) {
                last[0] = now;
                progressTx.executeWithoutResult(s -> history.progress(loadId, p.pages(), p.features(),
                        p.numberMatched(), p.pageUrl()));
            }
        };
    }
}
