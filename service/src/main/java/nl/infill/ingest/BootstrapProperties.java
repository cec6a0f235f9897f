package nl.infill.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Sample-city bootstrap ({@code infill.bootstrap.*}).
 *
 * @param sampleCity path of a GeoPackage with one table per layer id; loaded at start-up when
 *                   table {@code parcel} is empty (no default: nothing is loaded)
 */
@Validated
@ConfigurationProperties("infill.bootstrap")
record BootstrapProperties(String sampleCity) {
}
