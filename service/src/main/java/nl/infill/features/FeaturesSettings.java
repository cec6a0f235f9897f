package nl.infill.features;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import nl.infill.features.cql2.Cql2Limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of OGC API - Features, spatial queries and exports ({@code infill.features.*}),
 * defaults in {@code config/features.yml}.
 *
 * @param defaultLimit    features per items page without {@code limit} (count, default 100)
 * @param maxLimit        largest page (count, default 10,000); a larger {@code limit} is clamped to it
 * @param maxVertices     most vertices of a posted query geometry (count, default 10,000)
 * @param maxDistanceM    largest {@code distance} of a within query (metres, default 10,000)
 * @param maxK            largest {@code k} of a nearest query (count, default 1,000)
 * @param exportFetchSize rows per round trip of an export cursor (count, default 2,000)
 * @param gpkgBatchSize   features per GeoPackage transaction (count, default 10,000)
 * @param countLimit      {@code numberMatched} is counted exactly up to this many features and
 *                        left out above it (count, default 100,000; 0 never counts)
 * @param filterMaxLength longest {@code filter} (characters, default 20,000)
 * @param filterMaxDepth  deepest nesting of a filter expression (levels, default 32)
 * @param filterMaxNodes  most predicates and values in one filter (count, default 2,000)
 * @param filterMaxList   most values in one IN list of a filter (count, default 1,000)
 */
@Validated
@ConfigurationProperties("infill.features")
record FeaturesSettings(
        @Min(1) int defaultLimit,
        @Min(1) @Max(1_000_000) int maxLimit,
        @Min(4) int maxVertices,
        @Positive double maxDistanceM,
        @Min(1) int maxK,
        @Min(10) int exportFetchSize,
        @Min(10) int gpkgBatchSize,
        @Min(0) int countLimit,
        @Min(16) int filterMaxLength,
        @Min(4) @Max(256) int filterMaxDepth,
        @Min(8) int filterMaxNodes,
        @Min(1) int filterMaxList) {

    /** The bounds on one CQL2 filter; its geometry literals share {@code max-vertices}. */
    Cql2Limits filterLimits() {
        return new Cql2Limits(filterMaxLength, filterMaxDepth, filterMaxNodes, filterMaxList, maxVertices);
    }
}
