package nl.infill.features;

import java.util.Locale;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.infill.geo.Crs;
import nl.infill.catalogue.Catalogue;
import nl.infill.catalogue.Collection;
import nl.infill.catalogue.VersionedReads;
import nl.infill.system.InvalidInput;
import nl.infill.system.NotFound;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Downloads of a whole collection (with bbox and property filters) or of a spatial query's matches. */
@RestController
@RequestMapping("/api/export")
@Tag(name = "Exports", description = "GeoJSON (streamed), CSV with WKT, GeoPackage (styled), FlatGeobuf (streamed)")
class ExportController {

    private static final Set<String> PARAMS = Set.of("format", "bbox", "bbox-crs", "crs", "index");

    private final Catalogue catalogue;
    private final ItemsQuery items;
    private final SpatialQueries queries;
    private final Exporter exporter;
    private final VersionedReads reads;

    ExportController(Catalogue catalogue, ItemsQuery items, SpatialQueries queries, Exporter exporter,
                     VersionedReads reads) {
        this.catalogue = catalogue;
        this.items = items;
        this.queries = queries;
        this.exporter = exporter;
        this.reads = reads;
    }

    @GetMapping("/{collection}")
    @Operation(summary = "Export a collection", description = "Any OGC collection id; bbox, bbox-crs, "
            + "property=value and CQL2 filters (filter, filter-lang, filter-crs) as on items; crs picks the output CRS "
            + "(CRS84 default).")
    ResponseEntity<StreamingResponseBody> collection(
            @PathVariable String collection,
            @Parameter(description = "geojson (default), csv, gpkg or fgb") @RequestParam(required = false) String format,
            @Parameter(description = "fgb only: true adds the spatial index (packed Hilbert R-tree)")
            @RequestParam(required = false) String index,
            @RequestParam(required = false) String bbox,
            @RequestParam(name = "bbox-crs", required = false) String bboxCrs,
            @Parameter(description = "CRS URI of the output") @RequestParam(required = false) String crs,
            @Parameter(description = "CQL2 filter, as on items") @RequestParam(required = false) String filter,
            @Parameter(description = "cql2-text (default) or cql2-json") @RequestParam(name = "filter-lang", required = false) String filterLang,
            @Parameter(description = "CRS URI of the filter's geometries (default CRS84)") @RequestParam(name = "filter-crs", required = false) String filterCrs,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params) {
        Exporter.Kind kind = kind(format);
        Collection c = catalogue.collection(collection).orElseThrow(() -> new NotFound("collection",
                "Unknown collection '" + Crs.abbreviate(collection) + "'. See /ogc/collections for the list."));
        Crs out = Crs.ofUri(ItemsQuery.single(params, "crs"), "crs");
        Selection s = items.select(c, params, PARAMS);
        return download(kind, s, out, index(index, kind), c.id().value());
    }

    @PostMapping(consumes = MediaType.ALL_VALUE)
    @Operation(summary = "Export the matches of a spatial query",
            description = "Body as POST /api/query/intersects; every match is exported unless the body sets limit.")
    ResponseEntity<StreamingResponseBody> query(
            @Parameter(description = "geojson (default), csv, gpkg or fgb") @RequestParam(required = false) String format,
            @Parameter(description = "fgb only: true adds the spatial index") @RequestParam(required = false) String index,
            @Parameter(description = "CRS URI of the output") @RequestParam(required = false) String crs,
            @RequestBody(required = false) String body) {
        Exporter.Kind kind = kind(format);
        boolean spatialIndex = index(index, kind);
        Crs out = Crs.ofUri(crs, "crs");
        Selection s = queries.intersects(body, false);
        return download(kind, s, out, spatialIndex, s.collection().id().value() + "-query");
    }

    private ResponseEntity<StreamingResponseBody> download(Exporter.Kind kind, Selection s, Crs crs, boolean spatialIndex,
            String name) {
        // the version now, while the request is here: the export streams later, and a standby serves it
        // only if it has replayed at least this
        String token = reads.token(s.collection().id());
        StreamingResponseBody body = out -> exporter.write(kind, s, crs, spatialIndex, token, out);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(kind.mediaType))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name + "." + kind.extension).build().toString())
                .header("Content-Crs", "<" + crs.uri() + ">")
                .body(body);
    }

    private static Exporter.Kind kind(String format) {
        if (format == null) {
            return Exporter.Kind.GEOJSON;
        }
        return switch (format.trim().toLowerCase(Locale.ROOT)) {
            case "geojson", "json" -> Exporter.Kind.GEOJSON;
            case "csv" -> Exporter.Kind.CSV;
            case "gpkg", "geopackage" -> Exporter.Kind.GPKG;
            case "fgb", "flatgeobuf" -> Exporter.Kind.FLATGEOBUF;
            default -> throw new InvalidInput("format", "Unsupported format '" + Crs.abbreviate(format)
                    + "'. Use geojson, csv, gpkg or fgb.");
        };
    }

    private static boolean index(String index, Exporter.Kind kind) {
        if (index == null) {
            return false;
        }
        boolean on = switch (index.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInput("index", "index is true or false; got '" + Crs.abbreviate(index) + "'.");
        };
        if (on && kind != Exporter.Kind.FLATGEOBUF) {
            throw new InvalidInput("index", "index=true applies to format=fgb only.");
        }
        return on;
    }
}
