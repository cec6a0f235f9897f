package nl.infill.publishing;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.annotation.PreDestroy;

import org.springframework.stereotype.Component;

/**
 * Publishing's own thread: syncs and refreshes run there one after another, so neither the
 * service's start nor the transaction of a load or run waits for GeoServer. A daemon thread,
 * stopped with the service.
 */
@Component
class SyncQueue {

    private final GeoServerSync sync;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "geoserver-sync");
        t.setDaemon(true);
        return t;
    });

    SyncQueue(GeoServerSync sync) {
        this.sync = sync;
    }

    Future<PublishingStatus> sync() {
        return background.submit(sync::sync);
    }

    /** The start-up sync, shared by replicas that start together ({@link GeoServerSync#startupSync}). */
    Future<PublishingStatus> startupSync() {
        return background.submit(sync::startupSync);
    }

    void refresh(List<String> layerIds, List<String> scenarioSlugs) {
        background.submit(() -> sync.refresh(layerIds, scenarioSlugs));
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }
}
