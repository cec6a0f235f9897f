package nl.infill.publishing;

import java.util.List;

import nl.infill.analysis.AnalysisCompleted;
import nl.infill.ingest.LayerLoaded;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps GeoServer in step: a sync once the service is up (shared by replicas that start together),
 * and a refresh of the affected layers after each committed load or analysis run. Events stay in
 * the replica that made the change, so each change is refreshed once, not once per replica. All work goes to the sync thread, so neither the
 * startup nor the publisher's transaction waits for GeoServer.
 */
@Component
class PublishingEvents {

    private final GeoServerProperties props;
    private final SyncQueue queue;

    PublishingEvents(GeoServerProperties props, SyncQueue queue) {
        this.props = props;
        this.queue = queue;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStartup() {
        if (props.enabled() && props.syncOnStartup()) {
            queue.startupSync();
        }
    }

    /** fallbackExecution: also when the event is published outside a transaction. */
    @TransactionalEventListener(fallbackExecution = true)
    void onAnalysisCompleted(AnalysisCompleted event) {
        queue.refresh(List.of(), List.of(event.scenarioSlug()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onLayerLoaded(LayerLoaded event) {
        queue.refresh(List.of(event.layer()), List.of());
    }
}
