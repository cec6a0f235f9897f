package nl.infill.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import nl.infill.layers.Layer;
import nl.infill.system.DomainException;
import nl.infill.system.Sql;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Loads the sample city at start-up when the database has no parcels: each layer table of the
 * GeoPackage (named by layer id, preset {@code infill}) as its own all-or-nothing load. Runs
 * synchronously and first ({@code @Order(0)}), so that the analysis listener after it finds data.
 * Parcels load last: a bootstrap that stopped half-way is repeated at the next start.
 */
@Component
class SampleCityBootstrap {

    private static final Logger log = LoggerFactory.getLogger(SampleCityBootstrap.class);

    private final BootstrapProperties props;
    private final Loader loader;
    private final JdbcClient jdbc;

    SampleCityBootstrap(BootstrapProperties props, Loader loader, JdbcClient jdbc) {
        this.props = props;
        this.loader = loader;
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(0)
    void onReady() {
        if (props.sampleCity() == null || props.sampleCity().isBlank()) {
            return;
        }
        bootstrap(Path.of(props.sampleCity()));
    }

    /** Returns the reports of the loads done (none when the city is not empty or the file is missing). */
    List<LoadReport> bootstrap(Path gpkg) {
        List<LoadReport> reports = new ArrayList<>();
        if (!Files.isRegularFile(gpkg)) {
            log.warn("sample city {} not found; starting without it", gpkg);
            return reports;
        }
        if (jdbc.sql(IngestSql.load("parcel-count.sql")).query(Boolean.class).single()) {
            log.info("parcels present; sample city not loaded");
            return reports;
        }
        List<String> tables = GeoPackageSource.featureTables(gpkg);
        List<Layer> order = new ArrayList<>(List.of(Layer.values()));
        order.remove(Layer.PARCELS);
        order.add(Layer.PARCELS);
        for (Layer layer : order) {
            if (!tables.contains(layer.id())) {
                continue;
            }
            try {
                LoadReport r = loader.load(new LoadRequest(layer.id(), gpkg, gpkg.getFileName().toString(),
                        Mapping.DEFAULT_PRESET, null, null, layer.id()));
                reports.add(r);
                log.info("sample city: {}", r.summary().strip().replace("\n", "; "));
            } catch (DomainException e) {
                log.error("sample city: layer {} not loaded: {} (at {})", layer.id(), e.getMessage(), e.where());
            }
        }
        return reports;
    }
}
