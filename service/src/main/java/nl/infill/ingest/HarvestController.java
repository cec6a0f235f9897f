package nl.infill.ingest;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nl.infill.system.InvalidInput;
import nl.infill.system.PreferWait;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

/** Starting a harvest of an OGC API - Features collection into a layer; its report is a load report. */
@RestController
@Tag(name = "Loads", description = "Loading layers from files and from OGC API - Features servers")
class HarvestController {

    private static final String PREFER = "Prefer";
    private static final List<String> MEMBERS = List.of("url", "collection", "bbox", "bboxCrs", "filter", "preset",
            "mapping", "limitPerPage");

    private final HarvestService harvests;
    private final LoadStore history;

    HarvestController(HarvestService harvests, LoadStore history) {
        this.harvests = harvests;
        this.history = history;
    }

    @PostMapping(path = "/api/layers/{layer}/harvests", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Harvest a collection of an OGC API - Features server into a layer (202 + Location of the load)",
            description = "Body: `url` (the API's landing page), `collection`, optional `bbox` ([minx, miny, maxx, maxy] or "
                    + "\"minx,miny,maxx,maxy[,crs]\"), `bboxCrs` (CRS84 by default, or EPSG:28992), `filter` (property -> value), "
                    + "`preset` or `mapping` "
                    + "(a mapping file as a JSON object), `limitPerPage`. The harvest replaces the layer all-or-nothing, "
                    + "like a file load. With `Prefer: wait=N` (RFC 7240) the answer waits up to N seconds: `200` with "
                    + "the finished load report when it ends in time, else `202` as without the header.")
    @ApiResponse(responseCode = "200", description = "The harvest ended within the `Prefer: wait` time (succeeded or failed)")
    @ApiResponse(responseCode = "202", description = "The harvest started; follow its report at `Location`")
    ResponseEntity<LoadReport> start(@PathVariable String layer, @RequestBody(required = false) JsonNode body,
            @Parameter(in = ParameterIn.HEADER, name = "Prefer", description = "e.g. `wait=30`", example = "wait=30")
            @RequestHeader(name = PREFER, required = false) List<String> prefer) {
        if (body == null || !body.isObject()) {
            throw new InvalidInput("body", "A JSON object with url and collection is required, e.g. "
                    + "{\"url\": \"https://api.pdok.nl/kadaster/bag/ogc/v2\", \"collection\": \"pand\"}.");
        }
        for (String name : body.propertyNames()) {
            if (!MEMBERS.contains(name)) {
                throw new InvalidInput(name, "Unknown member '" + name + "'. Known: " + String.join(", ", MEMBERS)
                        + ".");
            }
        }
        String preset = text(body, "preset");
        JsonNode mapping = body.get("mapping");
        if (mapping != null && !mapping.isNull() && !mapping.isObject()) {
            throw new InvalidInput("mapping", "mapping is a mapping file as a JSON object (docs/mapping-files.md).");
        }
        String mappingJson = mapping == null || mapping.isNull() ? null : mapping.toString();
        if (mappingJson != null && preset != null) {
            throw new InvalidInput("preset", "Give either 'preset' or 'mapping', not both.");
        }
        HarvestRequest req = new HarvestRequest(required(body, "url"), required(body, "collection"), bbox(body),
                filters(body), limit(body), null);
        long id = harvests.start(layer, req, preset, mappingJson);
        URI location = URI.create("/api/loads/" + id);
        var wait = PreferWait.of(prefer, harvests.preferWaitMax());
        if (wait.isPresent() && harvests.awaitEnd(id, wait.get())) {
            LoadReport ended = history.find(id).orElseThrow();
            if (!"running".equals(ended.status())) {
                return ResponseEntity.ok().location(location).header(HttpHeaders.CONTENT_LOCATION, location.toString())
                        .header(HttpHeaders.VARY, PREFER).body(ended);
            }
        }
        var accepted = ResponseEntity.accepted().location(location);
        if (wait.isPresent()) {
            accepted.header(HttpHeaders.VARY, PREFER);
        }
        return accepted.body(history.find(id).orElseThrow());
    }

    private static String text(JsonNode body, String name) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw new InvalidInput(name, name + " must be a string.");
        }
        return v.asString().isBlank() ? null : v.asString();
    }

    private static String required(JsonNode body, String name) {
        String v = text(body, name);
        if (v == null) {
            throw new InvalidInput(name, "Missing '" + name + "'.");
        }
        return v;
    }

    private static Map<String, String> filters(JsonNode body) {
        JsonNode v = body.get("filter");
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new InvalidInput("filter", "filter is an object of property -> value, e.g. {\"gemeentecode\": \"GM0637\"}.");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            JsonNode value = e.getValue();
            if (!value.isString() && !value.isNumber() && !value.isBoolean()) {
                throw new InvalidInput("filter." + e.getKey(), "A filter value is a string, number or boolean.");
            }
            String text = value.isString() ? value.asString() : value.toString();
            HarvestRequest.checkFilter(e.getKey(), text, "filter." + e.getKey());
            out.put(e.getKey(), text);
        }
        return out;
    }

    private static Integer limit(JsonNode body) {
        JsonNode v = body.get("limitPerPage");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidInput("limitPerPage", "limitPerPage must be a whole number.");
        }
        return Harvester.checkLimit(v.intValue(), "limitPerPage");
    }

    private static HarvestRequest.Bbox bbox(JsonNode body) {
        JsonNode v = body.get("bbox");
        String crs = text(body, "bboxCrs");
        if (v == null || v.isNull()) {
            if (crs != null) {
                throw new InvalidInput("bboxCrs", "bboxCrs without a bbox.");
            }
            return null;
        }
        if (v.isString()) {
            if (crs != null) {
                throw new InvalidInput("bboxCrs", "Give the CRS either after the bbox numbers or as bboxCrs, not both.");
            }
            return HarvestRequest.Bbox.parse(v.asString(), "bbox");
        }
        if (!v.isArray() || v.size() != 4) {
            throw new InvalidInput("bbox", "bbox is [minx, miny, maxx, maxy] or \"minx,miny,maxx,maxy[,crs]\".");
        }
        double[] d = new double[4];
        for (int i = 0; i < 4; i++) {
            if (!v.get(i).isNumber()) {
                throw new InvalidInput("bbox[" + i + "]", "bbox[" + i + "] must be a number.");
            }
            d[i] = v.get(i).doubleValue();
        }
        return HarvestRequest.Bbox.of(d, crs, "bbox", "bboxCrs");
    }
}
