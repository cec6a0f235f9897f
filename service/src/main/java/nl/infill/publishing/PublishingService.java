package nl.infill.publishing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.PreDestroy;

import nl.infill.publishing.GeoServerClient.GeoServerException;
import nl.infill.publishing.PublishingStatus.ResourceResult;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;

/**
 * Keeps GeoServer in step with the database: an idempotent sync that looks before it creates
 * (GeoServer answers 409, 500 or 403 to a create of something that exists, 404 to a GET of
 * something that does not) and updates with PUT. One sync or refresh runs at a time.
 */
@Service
class PublishingService {

    private static final Logger log = LoggerFactory.getLogger(PublishingService.class);
    private static final String SRS = "EPSG:28992";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GeoServerProperties props;
    private final PublishStore store;
    private final GeoServerClient client;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "geoserver-sync");
        t.setDaemon(true);
        return t;
    });

    private final Map<String, ResourceResult> results = new LinkedHashMap<>();
    /** Each published layer's extent as last sent to GeoServer, for the layer group's bounds. */
    private final Map<String, PublishStore.Extent> extents = new ConcurrentHashMap<>();
    private volatile String state = "never";
    private volatile String message = "No sync has run yet.";
    private volatile Instant startedAt;
    private volatile Instant finishedAt;

    PublishingService(GeoServerProperties props, PublishStore store) {
        this.props = props;
        this.store = store;
        this.client = new GeoServerClient(props);
        this.clock = Clock.systemUTC();
    }

    GeoServerClient client() {
        return client;
    }

    GeoServerProperties properties() {
        return props;
    }

    Future<PublishingStatus> syncInBackground() {
        return background.submit(this::sync);
    }

    void refreshInBackground(List<String> layerIds, List<String> scenarioSlugs) {
        background.submit(() -> refresh(layerIds, scenarioSlugs));
    }

    /** Creates or updates everything Infill publishes; safe to run any number of times. */
    PublishingStatus sync() {
        if (!props.enabled()) {
            return status();
        }
        lock.lock();
        try {
            begin();
            synchronized (results) {
                results.clear();
            }
            List<PublishedLayer> layers;
            try {
                layers = prepareDatabase();
            } catch (DataAccessException e) {
                log.warn("publish views could not be prepared: {}", e.getMostSpecificCause().getMessage());
                return finish("failed", "The publish views could not be prepared in the database.");
            }
            try {
                ensureWorkspace();
                ensureDatastore();
            } catch (GeoServerException e) {
                for (PublishedLayer l : layers) {
                    recordSkipped(l.name(), "not published: " + e.getMessage());
                }
                return finish("failed", e.getMessage());
            }
            ensureStyles();
            List<PublishedLayer> published = new ArrayList<>();
            for (PublishedLayer l : layers) {
                if (publishLayer(l, false)) {
                    published.add(l);
                }
            }
            boolean groupOk = ensureLayerGroup(published);
            removeStaleResultLayers(layers);
            boolean allOk = groupOk && published.size() == layers.size()
                    && results.values().stream().allMatch(ResourceResult::ok);
            String summary = published.size() + " of " + layers.size() + " layers published";
            return finish(allOk ? "ok" : published.isEmpty() ? "failed" : "partial", summary);
        } finally {
            lock.unlock();
        }
    }

    /**
     * After a load or an analysis run: re-publishes the affected layers (bounding boxes
     * recalculated) and truncates their cached tiles. Falls back to a full sync when the
     * workspace or datastore is missing (a GeoServer that was reset).
     */
    void refresh(List<String> layerIds, List<String> scenarioSlugs) {
        if (!props.enabled()) {
            return;
        }
        lock.lock();
        try {
            begin();
            List<PublishedLayer> affected = new ArrayList<>();
            try {
                if (layerIds.contains(nl.infill.layers.Layer.PARCELS.id()) && scenarioSlugs.isEmpty()) {
                    // Results draw with the parcels' geometry: new parcels move their boxes and tiles too.
                    scenarioSlugs = store.scenarioSlugs();
                }
                for (String id : layerIds) {
                    nl.infill.layers.Layer.byId(id).map(PublishedLayer::of).ifPresent(affected::add);
                }
                for (String slug : scenarioSlugs) {
                    affected.add(PublishedLayer.ofScenario(slug, store.refreshResultView(slug)));
                }
            } catch (DataAccessException e) {
                log.warn("publish views could not be refreshed: {}", e.getMostSpecificCause().getMessage());
                finish("failed", "The publish views could not be refreshed in the database.");
                return;
            }
            boolean complete;
            try {
                complete = client.exists(workspacePath()) && client.exists(datastorePath());
            } catch (GeoServerException e) {
                for (PublishedLayer l : affected) {
                    recordSkipped(l.name(), "not refreshed: " + e.getMessage());
                }
                finish("failed", e.getMessage());
                return;
            }
            if (!complete) {
                sync();
                for (PublishedLayer l : affected) {
                    truncate(l);
                }
                return;
            }
            int ok = 0;
            for (PublishedLayer l : affected) {
                for (String style : styles(l)) {
                    ensureStyleRecorded(style, SldStyles.all().get(style));
                }
                if (publishLayer(l, true)) {
                    ok++;
                }
            }
            // GeoServer never recalculates a group's bounds on update, and a new scenario needs its
            // place in it: the group follows every refresh, naming only layers GeoServer has (a
            // group naming a missing layer is a 500).
            List<PublishedLayer> grouped = new ArrayList<>();
            List<PublishedLayer> all = new ArrayList<>(PublishedLayer.sourceLayers());
            for (String slug : store.scenarioSlugs()) {
                all.add(PublishedLayer.ofScenario(slug, PublishedLayer.resultView(slug)));
            }
            try {
                for (PublishedLayer l : all) {
                    if (client.exists(layerPath(l))) {
                        grouped.add(l);
                    }
                }
                ensureLayerGroup(grouped);
            } catch (GeoServerException e) {
                record("layergroup", props.layerGroup(), false, e.getMessage());
            }
            finish(ok == affected.size() ? "ok" : "partial", "refreshed " + ok + " of " + affected.size() + " layers");
        } finally {
            lock.unlock();
        }
    }

    PublishingStatus status() {
        synchronized (results) {
            return new PublishingStatus(props.enabled(), props.enabled() ? state : "disabled", startedAt, finishedAt,
                    props.enabled() ? message : "GeoServer publishing is switched off (infill.geoserver.enabled).",
                    List.copyOf(results.values()));
        }
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }

    // --- the steps ---

    private List<PublishedLayer> prepareDatabase() {
        var ds = props.datastore();
        if (!ds.jndi() && ds.password() != null && !ds.password().isEmpty()) {
            store.enableLogin(ds.password());
        }
        store.dropStaleResultViews();
        List<PublishedLayer> layers = new ArrayList<>(PublishedLayer.sourceLayers());
        for (String slug : store.scenarioSlugs()) {
            layers.add(PublishedLayer.ofScenario(slug, store.refreshResultView(slug)));
        }
        return layers;
    }

    private void ensureWorkspace() {
        String ws = props.workspace();
        try {
            if (client.exists(workspacePath())) {
                record("workspace", ws, true, "exists");
            } else {
                client.create("/rest/workspaces", MediaType.APPLICATION_JSON, Map.of("workspace", Map.of("name", ws)));
                record("workspace", ws, true, "created");
            }
        } catch (GeoServerException e) {
            record("workspace", ws, false, e.getMessage());
            throw e;
        }
    }

    private void ensureDatastore() {
        var ds = props.datastore();
        Map<String, Object> body = Map.of("dataStore", datastoreBody());
        try {
            if (client.exists(datastorePath())) {
                client.update(datastorePath(), MediaType.APPLICATION_JSON, body);
                record("datastore", ds.name(), true, "updated");
            } else {
                client.create(workspacePath() + "/datastores", MediaType.APPLICATION_JSON, body);
                record("datastore", ds.name(), true, "created");
            }
        } catch (GeoServerException e) {
            record("datastore", ds.name(), false, e.getMessage());
            throw e;
        }
    }

    /** GeoServer's PostGIS datastore parameters, as {"entry":[{"@key":..,"$":..}]}. */
    private Map<String, Object> datastoreBody() {
        var ds = props.datastore();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("dbtype", "postgis");
        if (ds.jndi()) {
            p.put("jndiReferenceName", ds.jndiName());
        } else {
            p.put("host", ds.host());
            p.put("port", String.valueOf(ds.port()));
            p.put("database", ds.database());
            p.put("user", ds.user());
            if (ds.password() != null && !ds.password().isEmpty()) {
                p.put("passwd", ds.password());
            }
            p.put("validate connections", "true");
        }
        p.put("schema", ds.schema());
        p.put("Expose primary keys", "true");
        p.put("Loose bbox", "true");
        List<Map<String, String>> entries = new ArrayList<>();
        p.forEach((k, v) -> entries.add(Map.of("@key", k, "$", v)));
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("name", ds.name());
        store.put("description", "Infill publish views (read-only role)");
        store.put("enabled", true);
        store.put("workspace", Map.of("name", props.workspace()));
        store.put("connectionParameters", Map.of("entry", entries));
        return store;
    }

    private void ensureStyles() {
        SldStyles.all().forEach(this::ensureStyleRecorded);
    }

    private void ensureStyleRecorded(String name, String sld) {
        try {
            record("style", name, true, ensureStyle(name, sld));
        } catch (GeoServerException e) {
            record("style", name, false, e.getMessage());
        }
    }

    private String ensureStyle(String name, String sld) {
        String path = workspacePath() + "/styles/" + name;
        if (client.exists(path)) {
            client.update(path, GeoServerClient.SLD, sld);
            return "updated";
        }
        client.create(workspacePath() + "/styles?name=" + name, GeoServerClient.SLD, sld);
        return "created";
    }

    /** Feature type (with bbox), then the layer's styles; true when both worked. */
    private boolean publishLayer(PublishedLayer l, boolean truncate) {
        try {
            String path = datastorePath() + "/featuretypes/" + l.name();
            Map<String, Object> body = Map.of("featureType", featureTypeBody(l));
            String what;
            if (client.exists(path)) {
                client.update(path + "?recalculate=nativebbox,latlonbbox", MediaType.APPLICATION_JSON, body);
                what = "updated";
            } else {
                client.create(datastorePath() + "/featuretypes", MediaType.APPLICATION_JSON, body);
                what = "created";
            }
            client.update(layerPath(l), MediaType.APPLICATION_JSON, Map.of("layer", layerBody(l)));
            String drawnWith = client.defaultStyle(props.workspace() + ":" + l.name());
            String wanted = props.workspace() + ":" + l.defaultStyle();
            if (!wanted.equals(drawnWith)) {
                // GeoServer answers 200 to a layer naming a style it lacks, and keeps the old one.
                throw new GeoServerException("GeoServer kept style " + drawnWith + " for this layer instead of "
                        + wanted + ", which it does not have", 200);
            }
            if (truncate && "updated".equals(what)) {
                what += ", " + truncateOrThrow(l);
            }
            record("layer", l.name(), true, what + " with style " + l.defaultStyle());
            return true;
        } catch (GeoServerException | DataAccessException e) {
            String m = e instanceof DataAccessException d ? "extent query failed: " + d.getMostSpecificCause().getMessage()
                    : e.getMessage();
            record("layer", l.name(), false, m);
            return false;
        }
    }

    private Map<String, Object> featureTypeBody(PublishedLayer l) {
        PublishStore.Extent e = store.extent(l.name());
        extents.put(l.name(), e);
        Map<String, Object> ft = new LinkedHashMap<>();
        ft.put("name", l.name());
        ft.put("nativeName", l.name());
        ft.put("title", l.title());
        ft.put("abstract", l.result() ? "Parcel scores, capacity and walking distances of one Infill scenario."
                : "Infill source layer " + l.name() + ".");
        ft.put("srs", SRS);
        ft.put("projectionPolicy", "FORCE_DECLARED");
        ft.put("enabled", true);
        ft.put("nativeBoundingBox", Map.of("minx", e.minx(), "miny", e.miny(), "maxx", e.maxx(), "maxy", e.maxy(),
                "crs", SRS));
        ft.put("latLonBoundingBox", Map.of("minx", e.lonMin(), "miny", e.latMin(), "maxx", e.lonMax(),
                "maxy", e.latMax(), "crs", "EPSG:4326"));
        return ft;
    }

    private Map<String, Object> layerBody(PublishedLayer l) {
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("defaultStyle", Map.of("name", l.defaultStyle(), "workspace", props.workspace()));
        if (!l.otherStyles().isEmpty()) {
            layer.put("styles", Map.of("@class", "linked-hash-set", "style",
                    l.otherStyles().stream().map(s -> Map.of("name", s, "workspace", props.workspace())).toList()));
        }
        return layer;
    }

    private boolean ensureLayerGroup(List<PublishedLayer> layers) {
        String name = props.layerGroup();
        String path = workspacePath() + "/layergroups/" + name;
        if (layers.isEmpty()) {
            // GeoServer answers 400 to a layer group without layers.
            record("layergroup", name, false, "no layer could be published, so there is nothing to group");
            return false;
        }
        List<PublishedLayer> ordered = new ArrayList<>(layers);
        ordered.sort((a, b) -> Integer.compare(drawOrder(a), drawOrder(b)));
        List<Map<String, String>> published = new ArrayList<>();
        List<Map<String, String>> styles = new ArrayList<>();
        for (PublishedLayer l : ordered) {
            published.add(Map.of("@type", "layer", "name", props.workspace() + ":" + l.name()));
            styles.add(Map.of("name", props.workspace() + ":" + l.defaultStyle()));
        }
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", name);
        group.put("title", "Infill");
        group.put("mode", "SINGLE");
        group.put("workspace", Map.of("name", props.workspace()));
        group.put("publishables", Map.of("published", published));
        group.put("styles", Map.of("style", styles));
        Map<String, Object> body = Map.of("layerGroup", group);
        try {
            // GeoServer calculates a group's bounds when it is created without them, never on update.
            bounds(ordered).ifPresent(b -> group.put("bounds", b));
            if (client.exists(path)) {
                client.update(path, MediaType.APPLICATION_JSON, body);
                record("layergroup", name, true, "updated with " + published.size() + " layers");
            } else {
                client.create(workspacePath() + "/layergroups", MediaType.APPLICATION_JSON, body);
                record("layergroup", name, true, "created with " + published.size() + " layers");
            }
            return true;
        } catch (DataAccessException e) {
            record("layergroup", name, false, "extent query failed: " + e.getMostSpecificCause().getMessage());
            return false;
        } catch (GeoServerException e) {
            record("layergroup", name, false, e.getMessage());
            return false;
        }
    }

    /**
     * The union of the layers' extents in EPSG:28992; layers without rows (published with the whole
     * RD New area) add nothing. Empty when no layer has rows.
     */
    private Optional<Map<String, Object>> bounds(List<PublishedLayer> layers) {
        double minx = Double.MAX_VALUE, miny = Double.MAX_VALUE, maxx = -Double.MAX_VALUE, maxy = -Double.MAX_VALUE;
        for (PublishedLayer l : layers) {
            PublishStore.Extent e = extents.computeIfAbsent(l.name(), store::extent);
            if (!e.empty()) {
                minx = Math.min(minx, e.minx());
                miny = Math.min(miny, e.miny());
                maxx = Math.max(maxx, e.maxx());
                maxy = Math.max(maxy, e.maxy());
            }
        }
        if (minx > maxx) {
            return Optional.empty();
        }
        return Optional.of(Map.of("minx", minx, "miny", miny, "maxx", maxx, "maxy", maxy, "crs", SRS));
    }

    /**
     * Feature types of scenarios that no longer exist (their views are gone) would make GeoServer
     * fail on every request that touches them: remove them, with their layer (recurse=true).
     * Only results_* feature types are Infill's to remove; anything else in the store is left.
     */
    private void removeStaleResultLayers(List<PublishedLayer> current) {
        List<String> keep = current.stream().map(PublishedLayer::name).toList();
        List<String> stale = new ArrayList<>();
        try {
            JsonNode list = JSON.readTree(client.read(datastorePath() + "/featuretypes")).path("featureTypes")
                    .path("featureType");
            // GeoServer answers a single object instead of a one-element list, and "" when empty.
            for (JsonNode ft : list.isArray() ? list : List.of(list)) {
                String name = ft.path("name").asString("");
                if (name.startsWith("results_") && !keep.contains(name)) {
                    stale.add(name);
                }
            }
            for (String name : stale) {
                client.delete(datastorePath() + "/featuretypes/" + name + "?recurse=true");
                extents.remove(name);
                record("layer", name, true, "removed: its scenario no longer exists");
            }
        } catch (GeoServerException | JacksonException e) {
            record("datastore", props.datastore().name(), false, "stale result layers not removed: " + e.getMessage());
        }
    }

    /** Bottom to top: areas first, then parcels and results, then lines and points. */
    private static int drawOrder(PublishedLayer l) {
        return switch (l.name()) {
            case "neighbourhoods" -> 0;
            case "zoning" -> 1;
            case "parcels" -> 2;
            case "buildings" -> 4;
            case "constraints" -> 5;
            case "streets" -> 6;
            case "amenities" -> 7;
            default -> 3;
        };
    }

    private void truncate(PublishedLayer l) {
        try {
            truncateOrThrow(l);
        } catch (GeoServerException e) {
            record("layer", l.name(), false, "tiles not truncated: " + e.getMessage());
        }
    }

    /** Drops the layer's cached tiles; says so when GeoWebCache has no tile layer for it. */
    private String truncateOrThrow(PublishedLayer l) {
        return client.truncate(props.workspace() + ":" + l.name()) ? "tiles truncated"
                : "no cached tiles (GeoWebCache has no tile layer for it)";
    }

    private static List<String> styles(PublishedLayer l) {
        List<String> s = new ArrayList<>();
        s.add(l.defaultStyle());
        s.addAll(l.otherStyles());
        return s;
    }

    private String layerPath(PublishedLayer l) {
        return "/rest/layers/" + props.workspace() + ":" + l.name();
    }

    private String workspacePath() {
        return "/rest/workspaces/" + props.workspace();
    }

    private String datastorePath() {
        return workspacePath() + "/datastores/" + props.datastore().name();
    }

    // --- status bookkeeping ---

    private void begin() {
        startedAt = clock.instant();
        finishedAt = null;
        state = "running";
        message = "running";
    }

    private PublishingStatus finish(String newState, String newMessage) {
        finishedAt = clock.instant();
        state = newState;
        message = newMessage;
        if ("ok".equals(newState)) {
            log.info("GeoServer sync: {}", newMessage);
        } else {
            log.warn("GeoServer sync {}: {}", newState, newMessage);
        }
        return status();
    }

    /** A layer not attempted because an earlier step failed (logged once, at that step). */
    private void recordSkipped(String name, String text) {
        synchronized (results) {
            results.put("layer:" + name, new ResourceResult("layer", name, false, text, clock.instant()));
        }
    }

    private void record(String kind, String name, boolean ok, String text) {
        synchronized (results) {
            results.put(kind + ":" + name, new ResourceResult(kind, name, ok, text, clock.instant()));
        }
        if (!ok) {
            log.warn("GeoServer {} {}: {}", kind, name, text);
        }
    }
}
