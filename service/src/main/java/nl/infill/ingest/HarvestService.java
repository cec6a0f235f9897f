package nl.infill.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import nl.infill.layers.Layer;
import nl.infill.system.DomainException;
import nl.infill.system.NotFound;
import nl.infill.system.PreferWait;
import nl.infill.system.Unavailable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Runs harvests for the API in the background: a harvest reads a remote server for minutes, so
 * the request that starts it gets the load's id at once and the load report shows its progress.
 * At most {@code infill.harvest.max-concurrent} run at a time. A stop of the service cuts running
 * harvests off; their loads roll back and are marked failed at the next start (LoadSettler).
 */
@Service
class HarvestService {

    private static final Logger log = LoggerFactory.getLogger(HarvestService.class);

    private final Loader loader;
    private final Harvester harvester;
    private final HarvestProperties props;
    private final Semaphore permits;
    private final ExecutorService executor;
    /** Harvests started here that have not ended, completed when they do. */
    private final Map<Long, CompletableFuture<Void>> running = new ConcurrentHashMap<>();

    HarvestService(Loader loader, Harvester harvester, HarvestProperties props) {
        this.loader = loader;
        this.harvester = harvester;
        this.props = props;
        this.permits = new Semaphore(props.maxConcurrent());
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(props.maxConcurrent(), r -> {
            Thread t = new Thread(r, "harvest-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Checks what can be checked without the network (layer, preset or mapping, URL, collection,
     * limits), then starts the harvest and returns its load id. 404 for an unknown layer, 400 for a
     * bad parameter, 503 when {@code max-concurrent} harvests run already.
     */
    long start(String layerId, HarvestRequest req, String preset, String mappingJson) {
        Layer layer = Layer.byId(layerId).orElseThrow(() -> new NotFound("layer",
                "Unknown layer '" + layerId + "'. Known layers: " + String.join(", ", Layer.ids()) + "."));
        Mapping mapping = mappingJson != null ? Mapping.parse("mapping", mappingJson, "mapping")
                : Mapping.preset(preset != null ? preset : Mapping.DEFAULT_PRESET);
        mapping.checkAgainst(layer, mappingJson != null ? "mapping" : "preset " + mapping.name());
        harvester.checkUrl(req.url(), "url");
        Harvester.checkCollection(req.collection(), "collection");
        Harvester.checkLimit(req.limitPerPage(), "limitPerPage");
        req.filters().forEach((name, value) -> HarvestRequest.checkFilter(name, value, "filter." + name));
        if (!permits.tryAcquire()) {
            throw new Unavailable(props.maxConcurrent()
                    + " harvest(s) are running (infill.harvest.max-concurrent); start this one when one has ended.",
                    null);
        }
        long id;
        try {
            LoadRequest load = LoadRequest.harvest(layer.id(), req, preset, mappingJson);
            id = loader.begin(load);
            CompletableFuture<Void> done = new CompletableFuture<>();
            running.put(id, done);
            long loadId = id;
            executor.execute(() -> {
                try {
                    loader.load(loadId, load);
                } catch (DomainException e) {
                    log.info("harvest {} into {} failed: {} (at {})", loadId, layer.id(), e.getMessage(), e.where());
                } catch (RuntimeException e) {
                    log.error("harvest {} into {} failed", loadId, layer.id(), e);
                } finally {
                    running.remove(loadId);
                    permits.release();
                    done.complete(null);
                }
            });
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
        return id;
    }

    /** Waits up to {@code timeout} for harvest {@code id} to end; true when it has (or is not running here). */
    boolean awaitEnd(long id, Duration timeout) {
        return PreferWait.awaitEnd(running.get(id), timeout);
    }

    Duration preferWaitMax() {
        return props.preferWaitMax();
    }

    @PreDestroy
    void stop() {
        // interrupts the harvests' requests; their transactions roll back, nothing is changed
        executor.shutdownNow();
    }
}
