package nl.infill.publishing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import nl.infill.catalogue.Catalogue;
import nl.infill.catalogue.DataVersions;
import nl.infill.catalogue.Extent;
import nl.infill.layers.Layer;
import nl.infill.publishing.GeoServerClient.GeoServerException;
import nl.infill.system.InstanceId;

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
 * something that does not) and updates with PUT, and the refresh of single layers after a load
 * or a run. One sync or refresh runs at a time. What is published comes from the catalogue;
 * the bodies from {@link GeoServerRequests}; the outcome goes to {@link SyncStatus}.
 */
@Service
class GeoServerSync {

    private static final Logger log = LoggerFactory.getLogger(GeoServerSync.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GeoServerProperties props;
    private final PublishStore store;
    private final Catalogue catalogue;
    private final GeoServerClient client;
    private final GeoServerRequests requests;
    private final SyncStatus status;
    private final ReentrantLock lock = new ReentrantLock();
    private final InstanceId instance;
    /** How long a starting replica waits for another one's sync before it syncs anyway. */
    private static final Duration SYNC_LOCK_WAIT = Duration.ofMinutes(5);
    private static final String BUILD = build();

    GeoServerSync(GeoServerProperties props, PublishStore store, Catalogue catalogue, GeoServerClient client,
                  GeoServerRequests requests, SyncStatus status, InstanceId instance) {
        this.instance = instance;
        this.props = props;
        this.store = store;
        this.catalogue = catalogue;
        this.client = client;
        this.requests = requests;
        this.status = status;
    }

    /** Creates or updates everything Infill publishes; safe to run any number of times. */
    PublishingStatus sync() {
        if (!props.enabled()) {
            return status.status();
        }
        lock.lock();
        try {
            status.begin(true);
            DataVersions versions;
            List<PublishedLayer> layers;
            try {
                versions = catalogue.versions();
                layers = prepareDatabase(versions);
            } catch (DataAccessException e) {
                log.warn("publish views could not be prepared: {}", e.getMostSpecificCause().getMessage());
                return status.finish("failed", "The publish views could not be prepared in the database.");
            }
            try {
                ensureWorkspace();
                ensureDatastore();
            } catch (GeoServerException e) {
                for (PublishedLayer l : layers) {
                    status.skipped(l.name(), "not published: " + e.getMessage());
                }
                return status.finish("failed", e.getMessage());
            }
            SldStyles.all().forEach(this::ensureStyleRecorded);
            List<PublishedLayer> published = new ArrayList<>();
            for (PublishedLayer l : layers) {
                if (publishLayer(l, false, versions)) {
                    published.add(l);
                }
            }
            boolean groupOk = ensureLayerGroup(published, versions);
            removeStaleResultLayers(layers);
            boolean allOk = groupOk && published.size() == layers.size() && status.allOk();
            String summary = published.size() + " of " + layers.size() + " layers published";
            return status.finish(allOk ? "ok" : published.isEmpty() ? "failed" : "partial", summary);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The start-up sync, once across replicas that start together (docs/scaling.md): under the cluster-wide
     * sync lock, a replica skips it when another replica completed a sync of the same target with the same
     * fingerprint (data and results versions, styles, settings, build) within
     * {@code startup-sync-shared-for}, and GeoServer still has the workspace and datastore (a reset
     * GeoServer is synced again). The first replica, or one that finds anything changed, syncs in full.
     */
    PublishingStatus startupSync() {
        if (!props.enabled()) {
            return status.status();
        }
        if (props.startupSyncSharedFor().isZero() || props.startupSyncSharedFor().isNegative()) {
            return sync();
        }
        String target = props.base() + "|" + props.workspace();
        return store.underSyncLock(SYNC_LOCK_WAIT, () -> {
            String fingerprint;
            Optional<PublishStore.LastSync> last;
            try {
                fingerprint = fingerprint(catalogue.versions());
                last = store.lastSync(target, props.startupSyncSharedFor());
            } catch (DataAccessException e) {
                return sync();
            }
            if (last.isPresent() && last.get().recent() && "ok".equals(last.get().state())
                    && last.get().fingerprint().equals(fingerprint) && geoServerHasWorkspaceAndDatastore()) {
                status.begin(true);
                return status.finish("ok", "start-up sync shared: " + last.get().syncedBy() + " published the same "
                        + "data, results and styles at " + last.get().finishedAt());
            }
            PublishingStatus done = sync();
            if ("ok".equals(done.state())) {
                try {
                    store.recordSync(target, fingerprint, done.state(), instance.id());
                } catch (DataAccessException e) {
                    log.warn("could not record the GeoServer sync for other replicas: {}", e.getMostSpecificCause().getMessage());
                }
            }
            return done;
        });
    }

    private boolean geoServerHasWorkspaceAndDatastore() {
        try {
            return client.exists(requests.workspacePath()) && client.exists(requests.datastorePath());
        } catch (GeoServerException e) {
            return false;
        }
    }

    /**
     * What a sync publishes, as one SHA-256: every published collection with its version token and styles,
     * the style bodies, the settings that shape the requests, and the service's build (a new release may
     * publish differently).
     */
    private String fingerprint(DataVersions versions) {
        StringBuilder what = new StringBuilder();
        for (PublishedLayer l : PublishedLayer.all(catalogue, versions)) {
            what.append(l.name()).append('=').append(versions.token(l.collection().id())).append(l.styles()).append('\n');
        }
        new TreeMap<>(SldStyles.all()).forEach((name, body) -> what.append(name).append(':').append(body).append('\n'));
        what.append(props.layerGroup()).append('|').append(props.publicUrl()).append('|').append(props.datastore())
                .append('|').append(BUILD);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(what.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The commit the service was built from (git.properties of the build), empty when unknown. */
    private static String build() {
        var git = new Properties();
        try (InputStream in = GeoServerSync.class.getResourceAsStream("/git.properties")) {
            if (in != null) {
                git.load(in);
            }
        } catch (IOException e) {
            return "";
        }
        return git.getProperty("git.commit.id.full", git.getProperty("git.commit.id", "")) + git.getProperty("git.dirty", "");
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
            status.begin(false);
            List<PublishedLayer> affected = new ArrayList<>();
            DataVersions versions;
            List<PublishedLayer> all;
            try {
                versions = catalogue.versions();
                all = PublishedLayer.all(catalogue, versions);
                // Results draw with the parcels' geometry: new parcels move their boxes and tiles too.
                boolean everyResult = layerIds.contains(Layer.PARCELS.id()) && scenarioSlugs.isEmpty();
                for (PublishedLayer l : all) {
                    if (l.result() ? everyResult || scenarioSlugs.contains(l.collection().scenario())
                            : layerIds.contains(l.name())) {
                        affected.add(l.result() ? PublishedLayer.ofResults(l.collection(),
                                store.refreshResultView(l.collection())) : l);
                    }
                }
            } catch (DataAccessException e) {
                log.warn("publish views could not be refreshed: {}", e.getMostSpecificCause().getMessage());
                status.finish("failed", "The publish views could not be refreshed in the database.");
                return;
            }
            boolean complete;
            try {
                complete = client.exists(requests.workspacePath()) && client.exists(requests.datastorePath());
            } catch (GeoServerException e) {
                for (PublishedLayer l : affected) {
                    status.skipped(l.name(), "not refreshed: " + e.getMessage());
                }
                status.finish("failed", e.getMessage());
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
                l.styles().forEach(s -> ensureStyleRecorded(s, SldStyles.all().get(s)));
                if (publishLayer(l, true, versions)) {
                    ok++;
                }
            }
            // GeoServer never recalculates a group's bounds on update, and a new scenario needs its
            // place in it: the group follows every refresh, naming only layers GeoServer has (a
            // group naming a missing layer is a 500).
            try {
                List<PublishedLayer> grouped = new ArrayList<>();
                for (PublishedLayer l : all) {
                    if (client.exists(requests.layerPath(l))) {
                        grouped.add(l);
                    }
                }
                ensureLayerGroup(grouped, versions);
            } catch (GeoServerException e) {
                status.record("layergroup", props.layerGroup(), false, e.getMessage());
            }
            status.finish(ok == affected.size() ? "ok" : "partial", "refreshed " + ok + " of " + affected.size() + " layers");
        } finally {
            lock.unlock();
        }
    }

    // --- the steps ---

    private List<PublishedLayer> prepareDatabase(DataVersions versions) {
        var ds = props.datastore();
        if (!ds.jndi() && ds.password() != null && !ds.password().isEmpty()) {
            store.enableLogin(ds.password());
        }
        List<PublishedLayer> current = PublishedLayer.all(catalogue, versions);
        store.dropStaleResultViews(PublishedLayer.scenarios(current));
        List<PublishedLayer> layers = new ArrayList<>();
        for (PublishedLayer l : current) {
            layers.add(l.result() ? PublishedLayer.ofResults(l.collection(), store.refreshResultView(l.collection()))
                    : l);
        }
        return layers;
    }

    private void ensureWorkspace() {
        String ws = props.workspace();
        try {
            if (client.exists(requests.workspacePath())) {
                status.record("workspace", ws, true, "exists");
            } else {
                client.create("/rest/workspaces", MediaType.APPLICATION_JSON, requests.workspace());
                status.record("workspace", ws, true, "created");
            }
        } catch (GeoServerException e) {
            status.record("workspace", ws, false, e.getMessage());
            throw e;
        }
    }

    private void ensureDatastore() {
        String name = props.datastore().name();
        Map<String, Object> body = requests.datastore();
        try {
            if (client.exists(requests.datastorePath())) {
                client.update(requests.datastorePath(), MediaType.APPLICATION_JSON, body);
                status.record("datastore", name, true, "updated");
            } else {
                client.create(requests.workspacePath() + "/datastores", MediaType.APPLICATION_JSON, body);
                status.record("datastore", name, true, "created");
            }
        } catch (GeoServerException e) {
            status.record("datastore", name, false, e.getMessage());
            throw e;
        }
    }

    private void ensureStyleRecorded(String name, String sld) {
        try {
            String path = requests.workspacePath() + "/styles/" + name;
            String what;
            if (client.exists(path)) {
                client.update(path, GeoServerClient.SLD, sld);
                what = "updated";
            } else {
                client.create(requests.workspacePath() + "/styles?name=" + name, GeoServerClient.SLD, sld);
                what = "created";
            }
            status.record("style", name, true, what);
        } catch (GeoServerException e) {
            status.record("style", name, false, e.getMessage());
        }
    }

    /** Feature type (with bbox), then the layer's styles; true when both worked. */
    private boolean publishLayer(PublishedLayer l, boolean truncate, DataVersions versions) {
        try {
            String path = requests.datastorePath() + "/featuretypes/" + l.name();
            Map<String, Object> body = requests.featureType(l, catalogue.extent(l.collection(), versions));
            String what;
            if (client.exists(path)) {
                client.update(path + "?recalculate=nativebbox,latlonbbox", MediaType.APPLICATION_JSON, body);
                what = "updated";
            } else {
                client.create(requests.datastorePath() + "/featuretypes", MediaType.APPLICATION_JSON, body);
                what = "created";
            }
            client.update(requests.layerPath(l), MediaType.APPLICATION_JSON, requests.layer(l));
            String drawnWith = client.defaultStyle(props.workspace() + ":" + l.name());
            String wanted = props.workspace() + ":" + l.defaultStyle();
            if (!wanted.equals(drawnWith)) {
                // GeoServer answers 200 to a layer naming a style it lacks, and keeps the old one.
                throw new GeoServerException("GeoServer kept style " + drawnWith + " for this layer instead of "
                        + wanted + ", which it does not have", 200);
            }
            if (truncate && "updated".equals(what)) {
                what += ", " + truncatedOrNot(l);
            }
            status.record("layer", l.name(), true, what + " with style " + l.defaultStyle());
            return true;
        } catch (GeoServerException | DataAccessException e) {
            String m = e instanceof DataAccessException d ? "extent query failed: " + d.getMostSpecificCause().getMessage()
                    : e.getMessage();
            status.record("layer", l.name(), false, m);
            return false;
        }
    }

    private boolean ensureLayerGroup(List<PublishedLayer> layers, DataVersions versions) {
        String name = props.layerGroup();
        String path = requests.workspacePath() + "/layergroups/" + name;
        if (layers.isEmpty()) {
            // GeoServer answers 400 to a layer group without layers.
            status.record("layergroup", name, false, "no layer could be published, so there is nothing to group");
            return false;
        }
        try {
            // GeoServer calculates a group's bounds when it is created without them, never on update.
            List<Extent> extents = new ArrayList<>();
            for (PublishedLayer l : layers) {
                extents.add(catalogue.extent(l.collection(), versions));
            }
            Map<String, Object> body = requests.layerGroup(layers, extents);
            if (client.exists(path)) {
                client.update(path, MediaType.APPLICATION_JSON, body);
                status.record("layergroup", name, true, "updated with " + layers.size() + " layers");
            } else {
                client.create(requests.workspacePath() + "/layergroups", MediaType.APPLICATION_JSON, body);
                status.record("layergroup", name, true, "created with " + layers.size() + " layers");
            }
            return true;
        } catch (DataAccessException e) {
            status.record("layergroup", name, false, "extent query failed: " + e.getMostSpecificCause().getMessage());
            return false;
        } catch (GeoServerException e) {
            status.record("layergroup", name, false, e.getMessage());
            return false;
        }
    }

    /**
     * Feature types of scenarios that no longer exist (their views are gone) would make GeoServer
     * fail on every request that touches them: remove them, with their layer (recurse=true).
     * Only results_* and neighbourhood_results_* feature types are Infill's to remove; anything
     * else in the store is left.
     */
    private void removeStaleResultLayers(List<PublishedLayer> current) {
        List<String> keep = current.stream().map(PublishedLayer::name).toList();
        List<String> stale = new ArrayList<>();
        try {
            JsonNode list = JSON.readTree(client.read(requests.datastorePath() + "/featuretypes")).path("featureTypes")
                    .path("featureType");
            // GeoServer answers a single object instead of a one-element list, and "" when empty.
            for (JsonNode ft : list.isArray() ? list : List.of(list)) {
                String name = ft.path("name").asString("");
                if ((name.startsWith("results_") || name.startsWith("neighbourhood_results_")) && !keep.contains(name)) {
                    stale.add(name);
                }
            }
            for (String name : stale) {
                client.delete(requests.datastorePath() + "/featuretypes/" + name + "?recurse=true");
                status.record("layer", name, true, "removed: its scenario no longer exists");
            }
        } catch (GeoServerException | JacksonException e) {
            status.record("datastore", props.datastore().name(), false, "stale result layers not removed: " + e.getMessage());
        }
    }

    /** Drops the layer's cached tiles; says so when GeoWebCache has no tile layer for it. */
    private String truncatedOrNot(PublishedLayer l) {
        return client.truncate(props.workspace() + ":" + l.name()) ? "tiles truncated"
                : "no cached tiles (GeoWebCache has no tile layer for it)";
    }

    private void truncate(PublishedLayer l) {
        try {
            truncatedOrNot(l);
        } catch (GeoServerException e) {
            status.record("layer", l.name(), false, "tiles not truncated: " + e.getMessage());
        }
    }
}
