package nl.infill.tiles;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Vector tile settings ({@code infill.tiles.*}); defaults in {@code config/tiles.yml}.
 *
 * @param maxZoom          highest zoom served, 0..30 (default 22); z above it is a 400
 * @param maxFeatures      cap on features per tile and collection (default 6000); beyond it the
 *                         smallest features (by bounding box) are left out, so a dense low-zoom
 *                         tile stays a few hundred kB and loses only what is hardly visible
 * @param simplifyPixels   simplification tolerance in screen pixels of a 256-px tile (default
 *                         0.25); converted to metres per zoom, so low zooms simplify most
 * @param minFeaturePixels polygons and lines whose bounding box is smaller than this many pixels
 *                         in both directions are left out (default 0.5)
 * @param cacheMaxBytes    in-memory tile cache bound in bytes (default 134217728 = 128 MiB),
 *                         counting the gzip-compressed tiles it holds; 0 switches the cache off,
 *                         and with it gzip (tiles are then always plain)
 * @param versionTtl       how long data versions are trusted before being re-read from the
 *                         database, as a safeguard against loads by other instances or by hand
 *                         (default 2s); load and analysis events refresh them at once
 * @param maxAge           {@code Cache-Control: max-age} of tiles whose URL carries the current
 *                         data version {@code v} (default 1d); other tile responses are
 *                         {@code no-cache} (revalidate with the ETag)
 * @param minZoom          lowest zoom with features per collection family (parcels, buildings,
 *                         zoning, amenities, neighbourhoods, streets, constraints, results,
 *                         neighbourhood-results); below it tiles are empty. Default 0.
 */
@Validated
@ConfigurationProperties("infill.tiles")
record TilesProperties(
        @Min(0) @Max(30) int maxZoom,
        @Min(1) int maxFeatures,
        @PositiveOrZero double simplifyPixels,
        @PositiveOrZero double minFeaturePixels,
        @PositiveOrZero long cacheMaxBytes,
        @NotNull Duration versionTtl,
        @NotNull Duration maxAge,
        @NotNull Map<String, Integer> minZoom) {

    int minZoom(TileFamily family) {
        return Math.min(maxZoom, minZoom.getOrDefault(family.key(), 0));
    }
}
