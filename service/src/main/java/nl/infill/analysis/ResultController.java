package nl.infill.analysis;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.infill.presentation.Presentation.Lang;
import nl.infill.system.InvalidInput;
import nl.infill.system.NotFound;
import nl.infill.system.UnprocessableInput;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Results: one parcel with its explanation, the neighbourhood table, and comparing two scenarios. */
@RestController
@Tag(name = "Results", description = "Explainable results per parcel and per neighbourhood")
class ResultController {

    /**
     * One parcel's result and why it scored as it did ({@code GET /api/scenarios/{slug}/parcels/{id}}).
     *
     * @param footprintM2         built footprint on the parcel, m²
     * @param allowedFloorAreaM2  what the zoning allows; null without zoning
     * @param gsi                 coverage: footprint / parcel area
     * @param fsi                 floor space index: existing floor area / parcel area
     * @param useMix              existing gross floor area per BAG use (wonen, kantoor, ...), m²
     * @param capacityM2          extra floor area the zoning allows (0 when excluded)
     * @param zonedCapacityM2     the same before exclusions
     * @param softSite            more than half of the allowed floor area unbuilt (NYC soft-site test)
     * @param scoreClass          1..5, 5 = highest potential; null when excluded
     * @param exclusionReason     a code (zoning_water_green, hard_constraint, monument, recently_built)
     * @param distanceMethod      network or straight_line (the labelled fallback)
     * @param walkM               walking distance to the nearest amenity of each type, m
     * @param criteria            each criterion's contribution to the score, in a fixed order
     * @param sentence            the score explained in Dutch; {@code sentenceEn} in English
     */
    record ParcelExplanation(long parcelId, String sourceId, String scenario, double areaM2, Double footprintM2,
                             double existingFloorAreaM2, Double allowedFloorAreaM2, Double gsi, Double fsi,
                             Map<String, Double> useMix, String dominantUse, Double meanConstructionYear,
                             double capacityM2, Double zonedCapacityM2, double extraDwellings, Boolean softSite,
                             Double score, Integer scoreClass, boolean excluded, String exclusionReason,
                             boolean noZoning, String distanceMethod, Walks walkM, Long neighbourhoodId,
                             Double pop65plusPct, List<CriterionExplanation> criteria, String sentence,
                             String sentenceEn, String dataVersion, OffsetDateTime criteriaComputedAt, long runId,
                             List<ZoningPart> zoning) {
    }

    /**
     * A zoning part on the parcel and its rules: for a zoning layer derived from an IMRO plan each
     * rule names the plan object (type, gml:id) it came from; {@code heightUnknown} marks a
     * Bouwvlak whose height is not on the map (docs/imro.md).
     */
    record ZoningPart(String function, String use, double areaM2, Boolean buildingAllowed, boolean heightUnknown,
                      Double maxHeightM, Double maxCoverage, Double maxFsi, Integer maxStoreys, Integer maxDwellings,
                      List<ZoningRule> rules, String sentence, String sentenceEn) {
    }

    /** One rule of a zoning part: {@code rule} (max_height_m, max_coverage, bouwvlak, height_unknown, ...), its value and source. */
    record ZoningRule(String rule, Object value, String type, String id) {
    }

    /** Walking distances in metres; null where no amenity of the type is within reach. */
    record Walks(Double supermarket, Double gp, Double pharmacy, Double primarySchool, Double ptStop) {
    }

    /**
     * One criterion of a parcel's score: {@code contribution} = {@code scaled} x {@code weight} x
     * 100, and the contributions sum to the score.
     *
     * @param criterion the criterion's code, as in the scenario's weights (e.g. soft_constraints)
     * @param label     Dutch; {@code labelEn} English (the presentation source's, as on the sliders)
     * @param raw       the measured value in {@code unit} (m2, %, jaar, % 65+)
     * @param scaled    the value on the criterion's 0..1 scale
     * @param sentence  the value explained in Dutch; {@code sentenceEn} in English
     */
    record CriterionExplanation(String criterion, String label, String labelEn, Double raw, String unit, Double scaled,
                                Double weight, Double contribution, String sentence, String sentenceEn) {
    }

    /**
     * One row of the neighbourhood table ({@code GET /api/scenarios/{slug}/neighbourhoods}).
     *
     * @param meanScaled the mean of each scaled criterion over the scored parcels, in the criteria's
     *                   order: {@code meanScore} = 100 x sum of weight x meanScaled, which the web
     *                   map uses to preview other weights
     */
    record NeighbourhoodTotals(long neighbourhoodId, String code, String name, Integer population, Double pop65plusPct,
                               int parcels, double capacityM2, double extraDwellings, Double meanScore,
                               Map<String, Long> parcelsPerClass, Double ageingFit, List<Double> meanScaled) {
    }

    /** Scenario b against scenario a ({@code GET /api/compare}): xA and xB pairs, diffs are B - A. */
    record Comparison(String a, String b, ResultStore.CompareSummary summary,
                      List<ResultStore.NeighbourhoodDiff> neighbourhoods, List<ResultStore.ParcelDiff> parcels,
                      int limit, int offset) {
    }

    private static final TypeReference<Map<String, Double>> USE_MIX = new TypeReference<>() { };
    private static final TypeReference<Map<String, Long>> PER_CLASS = new TypeReference<>() { };

    private final ResultStore results;
    private final ScenarioStore scenarios;
    private final AnalysisProperties props;
    private final ObjectMapper json;
    private final ExplanationReads reads;

    ResultController(ResultStore results, ScenarioStore scenarios, AnalysisProperties props, ObjectMapper json,
                     ExplanationReads reads) {
        this.reads = reads;
        this.results = results;
        this.scenarios = scenarios;
        this.props = props;
        this.json = json;
    }

    @GetMapping("/api/scenarios/{slug}/parcels/{parcelId}")
    @Operation(summary = "A parcel's numbers and the explanation of its score")
    ParcelExplanation parcel(@PathVariable String slug, @PathVariable long parcelId) {
        scenario(slug, "slug");
        var r = reads.read(slug, () -> results.parcel(slug, parcelId)).orElseThrow(() -> new NotFound("parcelId",
                "Parcel " + parcelId + " has no result in scenario '" + slug + "' (unknown parcel, or no run yet)."));
        List<CriterionExplanation> criteria = new ArrayList<>();
        for (JsonNode c : json.readTree(r.contributions())) {
            criteria.add(Explanations.criterion(c));
        }
        String sentence = Explanations.summary(Lang.NL, r.exclusionReason(), r.score(), criteria);
        String sentenceEn = Explanations.summary(Lang.EN, r.exclusionReason(), r.score(), criteria);
        return new ParcelExplanation(r.parcelId(), r.sourceId(), slug, r.areaM2(), r.footprintM2(),
                r.existingFloorAreaM2(), r.allowedFloorAreaM2(), r.gsi(), r.fsi(),
                r.useMix() == null ? null : json.readValue(r.useMix(), USE_MIX), r.dominantUse(),
                r.meanConstructionYear(), r.capacityM2(), r.zonedCapacityM2(), r.extraDwellings(), r.softSite(),
                r.score(), r.scoreClass(), r.excluded(), r.exclusionReason(), r.noZoning(), r.distanceMethod(),
                new Walks(r.walkSupermarketM(), r.walkGpM(), r.walkPharmacyM(), r.walkSchoolM(), r.walkPtM()),
                r.neighbourhoodId(), r.pop65plusPct(), criteria, sentence, sentenceEn, r.dataVersion(),
                r.criteriaComputedAt(), r.runId(), zoning(r.zoning()));
    }

    /** The zoning parts' facts from parcel-result.sql with their sentences in both languages. */
    private List<ZoningPart> zoning(String facts) {
        List<ZoningPart> parts = new ArrayList<>();
        if (facts != null) {
            for (JsonNode part : json.readTree(facts)) {
                parts.add(Explanations.zoningPart(part));
            }
        }
        return parts;
    }

    @GetMapping("/api/scenarios/{slug}/neighbourhoods")
    @Operation(summary = "Neighbourhood totals with ageing fit; sort by code, name, parcels, capacity, dwellings, "
            + "meanScore, ageingFit or pop65plus, prefix '-' for descending")
    List<NeighbourhoodTotals> neighbourhoods(@PathVariable String slug,
                                             @RequestParam(defaultValue = "-ageingFit") String sort) {
        scenario(slug, "slug");
        boolean desc = sort.startsWith("-");
        String key = desc ? sort.substring(1) : sort;
        String expr = ResultStore.SORTS.get(key);
        if (expr == null) {
            throw new InvalidInput("sort", "Unknown sort '" + sort + "'. Use one of "
                    + String.join(", ", ResultStore.SORTS.keySet().stream().sorted().toList())
                    + ", optionally prefixed with '-' for descending.");
        }
        return results.neighbourhoods(slug, expr + (desc ? " DESC NULLS LAST" : " ASC NULLS LAST")).stream()
                .map(n -> new NeighbourhoodTotals(n.neighbourhoodId(), n.code(), n.name(), n.population(),
                        n.pop65plusPct(), n.parcels(), n.capacityM2(), n.extraDwellings(), n.meanScore(),
                        new TreeMap<>(json.readValue(n.parcelsPerClass(), PER_CLASS)), n.ageingFit(), n.meanScaled()))
                .toList();
    }

    @GetMapping("/api/scenarios/{slug}/neighbourhoods/classes")
    @Operation(summary = "Parcels per score class per neighbourhood for other weights (one query parameter per "
            + "criterion, e.g. ?capacity=2&amenities=1; missing criteria weigh 0, any other parameter is refused): "
            + "the live preview of the web map's score-class chart, scored from the stored criteria as the map "
            + "scores them; nothing is saved")
    List<NeighbourhoodClasses> neighbourhoodClasses(@PathVariable String slug,
                                                    @RequestParam MultiValueMap<String, String> weights) {
        scenario(slug, "slug");
        Map<String, Object> raw = new LinkedHashMap<>();
        weights.forEach((k, values) -> {
            if (values.size() != 1) {
                throw new InvalidInput(k, "Give the weight of " + k + " once (it came " + values.size() + " times).");
            }
            try {
                raw.put(k, Double.valueOf(values.get(0)));
            } catch (NumberFormatException e) {
                throw new InvalidInput(k, "The weight of " + k + " must be a number (was '" + values.get(0) + "').");
            }
        });
        try {
            Weights.normalise(raw); // validates: known criteria, finite, within range, one above 0
        } catch (UnprocessableInput e) {
            // the same checks as a scenario's weights, said of this request's query parameters
            throw new InvalidInput(e.where().startsWith("weights.") ? e.where().substring("weights.".length()) : "query",
                    e.getMessage());
        }
        Map<Long, Map<Integer, Integer>> counts = results.neighbourhoodClassesPreview(slug, Weights.asScoreJs(raw));
        return results.neighbourhoods(slug, ResultStore.SORTS.get("code") + " ASC NULLS LAST").stream()
                .map(n -> {
                    Map<String, Integer> perClass = new TreeMap<>();
                    for (int c = 1; c <= 5; c++) {
                        perClass.put(String.valueOf(c), counts.getOrDefault(n.neighbourhoodId(), Map.of()).getOrDefault(c, 0));
                    }
                    return new NeighbourhoodClasses(n.neighbourhoodId(), n.code(), perClass);
                })
                .toList();
    }

    /** Parcels per score class ("1" .. "5") of a neighbourhood for the weights asked. */
    record NeighbourhoodClasses(long neighbourhoodId, String code, Map<String, Integer> parcelsPerClass) {
    }

    @GetMapping("/api/compare")
    @Operation(summary = "Differences between scenarios a and b per neighbourhood and per parcel "
            + "(parcels ordered by largest score change, paged with limit/offset)")
    Comparison compare(@RequestParam String a, @RequestParam String b,
                       @RequestParam(defaultValue = "100") int limit,
                       @RequestParam(defaultValue = "0") int offset) {
        var sa = scenario(a, "a");
        var sb = scenario(b, "b");
        if (limit < 1 || limit > props.compareLimit()) {
            throw new InvalidInput("limit", "limit must be between 1 and " + props.compareLimit() + ".");
        }
        if (offset < 0) {
            throw new InvalidInput("offset", "offset must be 0 or more.");
        }
        return new Comparison(a, b, results.compareSummary(sa.id(), sb.id()),
                results.compareNeighbourhoods(sa.id(), sb.id()), results.compareParcels(sa.id(), sb.id(), limit, offset),
                limit, offset);
    }

    private ScenarioStore.Row scenario(String slug, String where) {
        return scenarios.bySlug(slug).orElseThrow(() -> new NotFound(where, "No scenario '" + slug + "'."));
    }

}
