package nl.infill.publishing;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nl.infill.publishing.PublishingStatus.ResourceResult;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The outcome of the last sync or refresh, kept for {@code GET /api/publishing/status} and the
 * health check: its state and message, and the last result per GeoServer resource. Failures
 * are logged here, once, where they are recorded.
 */
@Component
class SyncStatus {

    private static final Logger log = LoggerFactory.getLogger(SyncStatus.class);

    private final GeoServerProperties props;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, ResourceResult> results = new LinkedHashMap<>();
    private volatile String state = "never";
    private volatile String message = "No sync has run yet.";
    private volatile Instant startedAt;
    private volatile Instant finishedAt;

    SyncStatus(GeoServerProperties props) {
        this.props = props;
    }

    PublishingStatus status() {
        synchronized (results) {
            return new PublishingStatus(props.enabled(), props.enabled() ? state : "disabled", startedAt, finishedAt,
                    props.enabled() ? message : "GeoServer publishing is switched off (infill.geoserver.enabled).",
                    List.copyOf(results.values()));
        }
    }

    /** A sync or refresh starts; {@code fresh}: forget the results of earlier ones (a full sync). */
    void begin(boolean fresh) {
        startedAt = clock.instant();
        finishedAt = null;
        state = "running";
        message = "running";
        if (fresh) {
            synchronized (results) {
                results.clear();
            }
        }
    }

    PublishingStatus finish(String newState, String newMessage) {
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

    /** Whether every resource recorded since {@link #begin} succeeded. */
    boolean allOk() {
        synchronized (results) {
            return results.values().stream().allMatch(ResourceResult::ok);
        }
    }

    /** A layer not attempted because an earlier step failed (logged once, at that step). */
    void skipped(String name, String text) {
        synchronized (results) {
            results.put("layer:" + name, new ResourceResult("layer", name, false, text, clock.instant()));
        }
    }

    void record(String kind, String name, boolean ok, String text) {
        synchronized (results) {
            results.put(kind + ":" + name, new ResourceResult(kind, name, ok, text, clock.instant()));
        }
        if (!ok) {
            log.warn("GeoServer {} {}: {}", kind, name, text);
        }
    }
}
