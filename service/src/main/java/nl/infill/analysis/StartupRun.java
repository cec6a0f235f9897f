package nl.infill.analysis;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import nl.infill.system.DomainException;


/**
 * At startup (ordered after the ingest sample-city bootstrap and after {@link RunQueue} took back the
 * runs this instance's previous process was cut off in): a run of the default scenario starts when
 * parcels exist and the default scenario has no results for the current data version. With several
 * replicas starting at once, the one-active-run index lets only the first start it.
 */
@Component
class StartupRun {

    private static final Logger log = LoggerFactory.getLogger(StartupRun.class);

    private final RunStore runs;
    private final RunService service;
    private final ScenarioStore scenarios;
    private final CriteriaStore criteria;
    private final AnalysisProperties props;

    StartupRun(RunStore runs, RunService service, ScenarioStore scenarios, CriteriaStore criteria,
               AnalysisProperties props) {
        this.runs = runs;
        this.service = service;
        this.scenarios = scenarios;
        this.criteria = criteria;
        this.props = props;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.LOWEST_PRECEDENCE)
    void runDefaultWhenStale() {
        if (!props.runOnStartup()) {
            return;
        }
        try {
            startDefaultIfStale();
        } catch (RuntimeException e) {
            // never keep the service from starting: the run can be started through the API
            log.warn("default scenario not started at startup: {}", e.getMessage());
        }
    }

    /** @return the run id started, or -1 when nothing needed to run */
    long startDefaultIfStale() {
        var data = criteria.dataState();
        if (!data.hasParcels()) {
            return -1;
        }
        var dflt = scenarios.list().stream().filter(ScenarioStore.Row::isDefault).findFirst();
        if (dflt.isEmpty()) {
            return -1;
        }
        var last = runs.latestSucceededDataVersion(dflt.get().id());
        if (last.isPresent() && last.get().equals(data.dataVersion())) {
            return -1;
        }
        try {
            var run = service.start(dflt.get().slug());
            log.info("started run {} of the default scenario (data version {})", run.id(), data.dataVersion());
            return run.id();
        } catch (DomainException e) {
            log.info("default scenario not started at startup: {}", e.getMessage());
            return -1;
        }
    }
}
