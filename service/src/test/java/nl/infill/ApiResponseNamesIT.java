package nl.infill;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's own JSON has one naming convention, camelCase, and the OpenAPI document (what
 * Swagger UI shows) describes every response the web map reads field by field. OGC API and
 * TileJSON documents, whose names their standards prescribe, are not records and have no schema
 * here; feature properties are data columns (see docs/architecture.md).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiResponseNamesIT {

    @LocalServerPort
    int port;

    @Test
    void everyResponseSchemaHasCamelCaseFieldsAndTheWebMapsResponsesAreDescribed() {
        JsonNode schemas = JsonMapper.builder().build().readTree(RestClient.create("http://localhost:" + port)
                .get().uri("/v3/api-docs").retrieve().body(String.class)).get("components").get("schemas");
        Map<String, List<String>> expected = Map.ofEntries(
                Map.entry("LayerInfo", List.of("featureCount", "extentCrs84", "lastLoadedAt")),
                Map.entry("ParcelExplanation", List.of("parcelId", "existingFloorAreaM2", "walkM", "criteria", "sentenceEn")),
                Map.entry("CriterionExplanation", List.of("criterion", "labelEn", "sentenceEn", "contribution")),
                Map.entry("Walks", List.of("primarySchool", "ptStop")),
                Map.entry("NeighbourhoodTotals", List.of("neighbourhoodId", "pop65plusPct", "parcelsPerClass", "ageingFit")),
                Map.entry("Comparison", List.of("summary", "neighbourhoods", "parcels")),
                Map.entry("RunView", List.of("status", "percent", "summary", "startedAt")),
                Map.entry("RunSummary", List.of("capacityM2", "perClass", "resultsVersion")),
                Map.entry("MapConfig", List.of("geoserverWmsUrl", "featureInfoFormat", "layers")),
                Map.entry("ScenarioView", List.of("slug", "isDefault", "resultsVersion")),
                Map.entry("WmsLayer", List.of("id", "collection", "geoserverLayer", "style")),
                Map.entry("Presentation", List.of("criteria", "exclusions", "summary", "words", "weights", "params", "layers")),
                Map.entry("MapLayer", List.of("id", "source", "property", "title", "symbol", "classes")),
                Map.entry("LayerClass", List.of("value", "min", "max", "else", "colour", "label")),
                Map.entry("ParamRange", List.of("key", "min", "max", "step", "default")));
        expected.forEach((schema, fields) -> assertThat(schemas.path(schema).path("properties").propertyNames())
                .as(schema).containsAll(fields));

        List<String> notCamelCase = new ArrayList<>();
        for (String schema : schemas.propertyNames()) {
            for (String field : schemas.get(schema).path("properties").propertyNames()) {
                if (!field.matches("[a-z][a-zA-Z0-9]*")) {
                    notCamelCase.add(schema + "." + field);
                }
            }
        }
        assertThat(notCamelCase).isEmpty();
    }
}
