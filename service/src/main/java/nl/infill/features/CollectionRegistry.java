package nl.infill.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import nl.infill.layers.Layer;
import nl.infill.system.ApiProblem;
import nl.infill.system.Sql;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The collections served: every {@link Layer}, and per scenario {@code results-{slug}} (parcel
 * results) and {@code neighbourhood-results-{slug}} (neighbourhood totals). The whitelist from
 * which every collection identifier in SQL comes.
 */
@Component
class CollectionRegistry {

    static final String RESULTS = "results-";
    static final String NEIGHBOURHOOD_RESULTS = "neighbourhood-results-";

    private static final List<FeatureCollectionDef.Prop> PARCEL_RESULT_PROPS = List.of(
            p("parcel_id", "integer"), p("source_id", "text"), p("area_m2", "double"),
            p("existing_floor_area_m2", "double"), p("allowed_floor_area_m2", "double"),
            p("capacity_m2", "double"), p("extra_dwellings", "double"), p("score", "double"),
            p("score_class", "integer"), p("excluded", "boolean"), p("exclusion_reason", "text"),
            p("no_zoning", "boolean"), p("distance_method", "text"), p("walk_gp_m", "double"),
            p("walk_supermarket_m", "double"), p("walk_pharmacy_m", "double"),
            p("walk_school_m", "double"), p("walk_pt_m", "double"));

    private static final List<FeatureCollectionDef.Prop> NEIGHBOURHOOD_RESULT_PROPS = List.of(
            p("neighbourhood_id", "integer"), p("code", "text"), p("name", "text"),
            p("population", "integer"), p("pop_65plus_pct", "double"), p("dwellings", "integer"),
            p("parcels", "integer"), p("capacity_m2", "double"), p("extra_dwellings", "double"),
            p("mean_score", "double"), p("ageing_fit", "double"));

    record ScenarioRef(String slug, String name) {
    }

    private final JdbcClient jdbc;

    CollectionRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<FeatureCollectionDef> all() {
        List<FeatureCollectionDef> out = new ArrayList<>();
        for (Layer layer : Layer.values()) {
            out.add(ofLayer(layer));
        }
        for (ScenarioRef s : scenarios()) {
            out.add(parcelResults(s));
            out.add(neighbourhoodResults(s));
        }
        return out;
    }

    /** The collection, or a 404 problem naming {@code collectionId}. */
    FeatureCollectionDef get(String id) {
        return find(id).orElseThrow(() -> ApiProblem.notFound("collectionId",
                "Unknown collection '" + Crs.abbreviate(id) + "'. See /ogc/collections for the list."));
    }

    Optional<FeatureCollectionDef> find(String id) {
        Optional<Layer> layer = Layer.byId(id);
        if (layer.isPresent()) {
            return Optional.of(ofLayer(layer.get()));
        }
        if (id.startsWith(NEIGHBOURHOOD_RESULTS)) {
            return scenario(id.substring(NEIGHBOURHOOD_RESULTS.length())).map(CollectionRegistry::neighbourhoodResults);
        }
        if (id.startsWith(RESULTS)) {
            return scenario(id.substring(RESULTS.length())).map(CollectionRegistry::parcelResults);
        }
        return Optional.empty();
    }

    /** The parcel results of a scenario, or a 404 problem naming {@code where}. */
    FeatureCollectionDef parcelResultsOf(String slug, String where) {
        return scenario(slug).map(CollectionRegistry::parcelResults).orElseThrow(() -> ApiProblem.notFound(where,
                "Unknown scenario '" + Crs.abbreviate(slug) + "'."));
    }

    FeatureCollectionDef parcels() {
        return ofLayer(Layer.PARCELS);
    }

    private List<ScenarioRef> scenarios() {
        return jdbc.sql(Sql.load("features/scenarios.sql"))
                .query((rs, i) -> new ScenarioRef(rs.getString("slug"), rs.getString("name"))).list();
    }

    private Optional<ScenarioRef> scenario(String slug) {
        return jdbc.sql(Sql.load("features/scenario.sql")).param("slug", slug)
                .query((rs, i) -> new ScenarioRef(rs.getString("slug"), rs.getString("name"))).optional();
    }

    private static FeatureCollectionDef ofLayer(Layer layer) {
        List<FeatureCollectionDef.Prop> props = layer.columns().stream().map(c -> p(c.name(), c.type())).toList();
        return new FeatureCollectionDef(layer.id(), title(layer.id()), "Source layer '" + layer.id() + "'.",
                layer.table(), "id", layer.geometryType(), props, null);
    }

    private static FeatureCollectionDef parcelResults(ScenarioRef s) {
        return new FeatureCollectionDef(RESULTS + s.slug(), "Parcel results: " + s.name(),
                "Redevelopment capacity and score of every parcel in scenario '" + s.slug() + "'.",
                "parcel_result_v", "parcel_id", "MultiPolygon", PARCEL_RESULT_PROPS, s.slug());
    }

    private static FeatureCollectionDef neighbourhoodResults(ScenarioRef s) {
        return new FeatureCollectionDef(NEIGHBOURHOOD_RESULTS + s.slug(), "Neighbourhood results: " + s.name(),
                "Capacity, dwellings and ageing fit per neighbourhood in scenario '" + s.slug() + "'.",
                "neighbourhood_result_v", "neighbourhood_id", "MultiPolygon", NEIGHBOURHOOD_RESULT_PROPS, s.slug());
    }

    private static String title(String id) {
        return Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }

    private static FeatureCollectionDef.Prop p(String name, String type) {
        return new FeatureCollectionDef.Prop(name, type);
    }
}
