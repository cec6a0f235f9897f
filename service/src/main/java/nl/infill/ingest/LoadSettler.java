package nl.infill.ingest;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives every load report an end. A load whose database connection was lost cannot record its
 * failure then; it is marked once the database answers again (Hikari reconnects by itself, no
 * restart needed), and at start-up every load a crash or a killed CLI left 'running' is marked.
 * A load's transaction holds its report row locked ({@code history-claim.sql}), so only loads
 * whose transaction is gone are touched: one that committed already reads 'succeeded', one still
 * running elsewhere (a CLI load beside the service) is passed by.
 */
@Component
class LoadSettler {

    static final String CONNECTION_LOST = "The database connection was lost during the load; nothing was changed. "
            + "Load the file again.";
    static final String CUT_OFF = "The load was cut off before it committed (the service, the load command or the "
            + "database stopped); nothing was changed. Load the file again.";

    private static final Logger log = LoggerFactory.getLogger(LoadSettler.class);

    private final LoadStore history;
    private final IngestProperties props;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-settler");
        t.setDaemon(true);
        return t;
    });

    LoadSettler(LoadStore history, IngestProperties props, ApplicationEventPublisher events,
                PlatformTransactionManager txManager) {
        this.history = history;
        this.props = props;
        this.events = events;
        this.tx = new TransactionTemplate(txManager);
    }

    @EventListener(ApplicationReadyEvent.class)
    void settleCutOffLoads() {
        try {
            int n = history.settle(null, CUT_OFF);
            if (n > 0) {
                log.warn("marked {} load(s) failed that a stop had cut off", n);
            }
        } catch (RuntimeException e) {
            // never keep the service from starting; the loads stay 'running' until the next start
            log.warn("could not mark cut-off loads failed: {}", e.getMessage());
        }
    }

    /** Marks load {@code id} failed as soon as the database answers, unless it committed after all. */
    void settleWhenBack(long id) {
        long deadline = System.nanoTime() + props.failureRetryTimeout().toNanos();
        retries.execute(() -> attempt(id, deadline));
    }

    private void attempt(long id, long deadline) {
        try {
            history.settle(id, CONNECTION_LOST);
            String status = history.status(id).orElse("failed");
            if (status.equals("failed")) {
                log.info("load {} marked failed: its database connection was lost", id);
                return;
            }
            if (status.equals("succeeded")) {
                // The connection went away between COMMIT and its answer: the layer did change.
                history.find(id).filter(r -> r.version() != null).ifPresent(r -> {
                    log.warn("load {} of {} committed although the confirmation was lost", id, r.layer());
                    tx.executeWithoutResult(s -> events.publishEvent(new LayerLoaded(r.layer(), id, r.version())));
                });
                return;
            }
            // still 'running': the server has not yet noticed that the connection is gone
        } catch (DataAccessException e) {
            log.debug("load {} not yet settled: {}", id, e.getMessage());
        }
        if (System.nanoTime() > deadline) {
            log.error("could not mark load {} failed; the next start-up will", id);
            return;
        }
        retries.schedule(() -> attempt(id, deadline), props.failureRetryInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        retries.shutdownNow();
    }
}
