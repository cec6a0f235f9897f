package nl.infill.features;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.json.JsonMapper;

import nl.infill.geo.Crs;

/**
 * Spatial queries on parcels or a scenario's results: the matching features (CRS84 GeoJSON, up
 * to {@code limit}) plus a summary computed in SQL over every match.
 */
@RestController
@RequestMapping("/api/query")
@Tag(name = "Spatial queries", description = "Parcels or results intersecting a geometry, within a distance, or nearest")
class QueryController {

    private final SpatialQueries queries;
    private final FeatureStore store;
    private final JsonMapper json = JsonMapper.builder().build();

    QueryController(SpatialQueries queries, FeatureStore store) {
        this.queries = queries;
        this.store = store;
    }

    @PostMapping(value = "/intersects", consumes = MediaType.ALL_VALUE)
    @Operation(summary = "Parcels (or results of a scenario) intersecting a GeoJSON geometry",
            description = "Body: {\"geometry\": GeoJSON, \"crs\": \"EPSG:4326\"|\"EPSG:28992\", \"scenario\": slug?, \"limit\"?, "
                    + "\"filter\"?: CQL2 JSON or CQL2 text string, \"filter-lang\"?, \"filter-crs\"?}")
    ResponseEntity<String> intersects(@RequestBody(required = false) String body) {
        return answer(queries.intersects(body));
    }

    @GetMapping("/within")
    @Operation(summary = "Parcels (or results) within a distance in metres of a point")
    ResponseEntity<String> within(@Parameter(description = "x or longitude") @RequestParam(required = false) String x,
                                  @Parameter(description = "y or latitude") @RequestParam(required = false) String y,
                                  @Parameter(description = "metres") @RequestParam(required = false) String distance,
                                  @Parameter(description = "EPSG:4326 (default) or EPSG:28992") @RequestParam(required = false) String crs,
                                  @Parameter(description = "scenario slug: results instead of plain parcels") @RequestParam(required = false) String scenario,
                                  @RequestParam(required = false) String limit,
                                  @Parameter(description = "CQL2 filter") @RequestParam(required = false) String filter,
                                  @Parameter(description = "cql2-text (default) or cql2-json") @RequestParam(name = "filter-lang", required = false) String filterLang,
                                  @Parameter(description = "CRS of the filter's geometries: EPSG:4326 (default) or EPSG:28992") @RequestParam(name = "filter-crs", required = false) String filterCrs) {
        return answer(queries.within(x, y, distance, crs, scenario, limit, new SpatialQueries.Filter(filter, filterLang, filterCrs)));
    }

    @GetMapping("/nearest")
    @Operation(summary = "The k parcels (or results) nearest to a point, nearest first")
    ResponseEntity<String> nearest(@RequestParam(required = false) String x, @RequestParam(required = false) String y,
                                   @Parameter(description = "how many (default 10)") @RequestParam(required = false) String k,
                                   @RequestParam(required = false) String crs,
                                   @RequestParam(required = false) String scenario,
                                   @Parameter(description = "CQL2 filter") @RequestParam(required = false) String filter,
                                   @Parameter(description = "cql2-text (default) or cql2-json") @RequestParam(name = "filter-lang", required = false) String filterLang,
                                   @Parameter(description = "CRS of the filter's geometries: EPSG:4326 (default) or EPSG:28992") @RequestParam(name = "filter-crs", required = false) String filterCrs) {
        return answer(queries.nearest(x, y, k, crs, scenario, new SpatialQueries.Filter(filter, filterLang, filterCrs)));
    }

    private ResponseEntity<String> answer(Selection s) {
        FeatureStore.Summary summary = store.summary(s);
        List<FeatureStore.FeatureRow> rows = store.features(s, Crs.CRS84, null);
        StringBuilder b = new StringBuilder(128 + rows.size() * 512);
        b.append("{\"type\":\"FeatureCollection\",\"collection\":").append(json.writeValueAsString(s.collection().id().value()))
                .append(",\"numberReturned\":").append(rows.size())
                .append(",\"summary\":").append(json.writeValueAsString(summary))
                .append(",\"features\":[");
        for (int i = 0; i < rows.size(); i++) {
            b.append(i == 0 ? "" : ",").append(rows.get(i).json());
        }
        b.append("]}");
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(OgcLinks.GEOJSON)).body(b.toString());
    }
}
