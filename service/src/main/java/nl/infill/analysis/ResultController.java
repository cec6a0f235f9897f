package nl.infill.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.infill.system.ApiProblem;
import tools.jackson.databind.ObjectMapper;

/** Results: one parcel with its explanation, the neighbourhood table, and comparing two scenarios. */
@RestController
@Tag(name = "Results", description = "Explainable results per parcel and per neighbourhood")
class ResultController {

    private final ResultStore results;
    private final ScenarioStore scenarios;
    private final AnalysisProperties props;
    private final ObjectMapper json;

    ResultController(ResultStore results, ScenarioStore scenarios, AnalysisProperties props, ObjectMapper json) {
        this.results = results;
        this.scenarios = scenarios;
        this.props = props;
        this.json = json;
    }

    @GetMapping("/api/scenarios/{slug}/parcels/{parcelId}")
    @Operation(summary = "A parcel's numbers and the explanation of its score")
    Map<String, Object> parcel(@PathVariable String slug, @PathVariable long parcelId) {
        scenario(slug, "slug");
        var r = results.parcel(slug, parcelId).orElseThrow(() -> ApiProblem.notFound("parcelId",
                "Parcel " + parcelId + " has no result in scenario '" + slug + "' (unknown parcel, or no run yet)."));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("parcelId", r.parcelId());
        m.put("sourceId", r.sourceId());
        m.put("scenario", slug);
        m.put("areaM2", r.areaM2());
        m.put("footprintM2", r.footprintM2());
        m.put("existingFloorAreaM2", r.existingFloorAreaM2());
        m.put("allowedFloorAreaM2", r.allowedFloorAreaM2());
        m.put("gsi", r.gsi());
        m.put("fsi", r.fsi());
        m.put("useMix", r.useMix() == null ? null : json.readTree(r.useMix()));
        m.put("dominantUse", r.dominantUse());
        m.put("meanConstructionYear", r.meanConstructionYear());
        m.put("capacityM2", r.capacityM2());
        m.put("zonedCapacityM2", r.zonedCapacityM2());
        m.put("extraDwellings", r.extraDwellings());
        m.put("softSite", r.softSite());
        m.put("score", r.score());
        m.put("scoreClass", r.scoreClass());
        m.put("excluded", r.excluded());
        m.put("exclusionReason", r.exclusionReason());
        m.put("noZoning", r.noZoning());
        m.put("distanceMethod", r.distanceMethod());
        Map<String, Object> walks = new LinkedHashMap<>();
        walks.put("supermarket", r.walkSupermarketM());
        walks.put("gp", r.walkGpM());
        walks.put("pharmacy", r.walkPharmacyM());
        walks.put("primary_school", r.walkSchoolM());
        walks.put("pt_stop", r.walkPtM());
        m.put("walkM", walks);
        m.put("neighbourhoodId", r.neighbourhoodId());
        m.put("pop65plusPct", r.pop65plusPct());
        m.put("criteria", json.readTree(r.contributions()));
        m.put("sentence", r.sentenceNl());
        m.put("sentenceEn", r.sentenceEn());
        m.put("dataVersion", r.dataVersion());
        m.put("criteriaComputedAt", r.criteriaComputedAt());
        m.put("runId", r.runId());
        return m;
    }

    @GetMapping("/api/scenarios/{slug}/neighbourhoods")
    @Operation(summary = "Neighbourhood totals with ageing fit; sort by code, name, parcels, capacity, dwellings, "
            + "meanScore, ageingFit or pop65plus, prefix '-' for descending")
    List<Map<String, Object>> neighbourhoods(@PathVariable String slug,
                                             @RequestParam(defaultValue = "-ageingFit") String sort) {
        scenario(slug, "slug");
        boolean desc = sort.startsWith("-");
        String key = desc ? sort.substring(1) : sort;
        String expr = ResultStore.SORTS.get(key);
        if (expr == null) {
            throw ApiProblem.badRequest("sort", "Unknown sort '" + sort + "'. Use one of "
                    + String.join(", ", ResultStore.SORTS.keySet().stream().sorted().toList())
                    + ", optionally prefixed with '-' for descending.");
        }
        return results.neighbourhoods(slug, expr + (desc ? " DESC NULLS LAST" : " ASC NULLS LAST")).stream()
                .map(n -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("neighbourhoodId", n.neighbourhoodId());
                    m.put("code", n.code());
                    m.put("name", n.name());
                    m.put("population", n.population());
                    m.put("pop65plusPct", n.pop65plusPct());
                    m.put("parcels", n.parcels());
                    m.put("capacityM2", n.capacityM2());
                    m.put("extraDwellings", n.extraDwellings());
                    m.put("meanScore", n.meanScore());
                    m.put("parcelsPerClass", json.readTree(n.parcelsPerClass()));
                    m.put("ageingFit", n.ageingFit());
                    return m;
                }).toList();
    }

    @GetMapping("/api/compare")
    @Operation(summary = "Differences between scenarios a and b per neighbourhood and per parcel "
            + "(parcels ordered by largest score change, paged with limit/offset)")
    Map<String, Object> compare(@RequestParam String a, @RequestParam String b,
                                @RequestParam(defaultValue = "100") int limit,
                                @RequestParam(defaultValue = "0") int offset) {
        var sa = scenario(a, "a");
        var sb = scenario(b, "b");
        if (limit < 1 || limit > props.compareLimit()) {
            throw ApiProblem.badRequest("limit", "limit must be between 1 and " + props.compareLimit() + ".");
        }
        if (offset < 0) {
            throw ApiProblem.badRequest("offset", "offset must be 0 or more.");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", a);
        m.put("b", b);
        m.put("summary", results.compareSummary(sa.id(), sb.id()));
        m.put("neighbourhoods", results.compareNeighbourhoods(sa.id(), sb.id()));
        m.put("parcels", results.compareParcels(sa.id(), sb.id(), limit, offset));
        m.put("limit", limit);
        m.put("offset", offset);
        return m;
    }

    private ScenarioStore.Row scenario(String slug, String where) {
        return scenarios.bySlug(slug).orElseThrow(() -> ApiProblem.notFound(where, "No scenario '" + slug + "'."));
    }

}
