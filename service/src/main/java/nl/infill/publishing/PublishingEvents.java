package nl.infill.publishing;

import java.util.List;

import nl.infill.analysis.AnalysisCompleted;
import nl.infill.ingest.LayerLoaded;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps GeoServer in step: a sync once the service is up, and a refresh of the affected layers
 * after each committed load or analysis run. All work goes to the sync thread, so neither the
 * startup nor the publisher's transaction waits for GeoServer.
 */
@Component
class PublishingEvents {

    private final PublishingService publishing;

    PublishingEvents(PublishingService publishing) {
        this.publishing = publishing;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStartup() {
        if (publishing.properties().enabled() && publishing.properties().syncOnStartup()) {
            publishing.syncInBackground();
        }
    }

    /** fallbackExecution: also when the event is published outside a transaction. */
    @TransactionalEventListener(fallbackExecution = true)
    void onAnalysisCompleted(AnalysisCompleted event) {
        publishing.refreshInBackground(List.of(), List.of(event.scenarioSlug()));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onLayerLoaded(LayerLoaded event) {
        publishing.refreshInBackground(List.of(event.layer()), List.of());
    }
}
