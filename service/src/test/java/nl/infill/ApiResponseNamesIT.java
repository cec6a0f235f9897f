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
        Map<String, List<String>> expected = Map.of(
                "LayerInfo", List.of("featureCount", "extentCrs84", "lastLoadedAt"),
                "ParcelExplanation", List.of("parcelId", "existingFloorAreaM2", "walkM", "criteria", "sentenceEn"),
                "CriterionExplanation", List.of("criterion", "labelEn", "sentenceEn", "contribution"),
                "Walks", List.of("primarySchool", "ptStop"),
                "NeighbourhoodTotals", List.of("neighbourhoodId", "pop65plusPct", "parcelsPerClass", "ageingFit"),
                "Comparison", List.of("summary", "neighbourhoods", "parcels"),
                "RunView", List.of("status", "percent", "summary", "startedAt"),
                "RunSummary", List.of("capacityM2", "perClass", "resultsVersion"),
                "MapConfig", List.of("geoserverWmsUrl", "featureInfoFormat", "layers"),
                "ScenarioView", List.of("slug", "isDefault", "resultsVersion"));
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
