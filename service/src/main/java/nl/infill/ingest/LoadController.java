package nl.infill.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;


import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import nl.infill.system.InvalidInput;
import nl.infill.system.LimitExceeded;
import nl.infill.system.NotFound;

/** Uploading a file into a layer, and the load reports. */
@RestController
class LoadController {

    private static final long MAX_MAPPING_BYTES = 1 << 20;

    private final Loader loader;
    private final LoadStore history;
    private final IngestProperties props;

    LoadController(Loader loader, LoadStore history, IngestProperties props) {
        this.loader = loader;
        this.history = history;
        this.props = props;
    }

    /** Multipart: {@code file} (GeoJSON, GeoPackage, GML or CityJSON), optional {@code preset} ({@code imro}: a plan as zoning), {@code mapping} (file), {@code crs}, {@code table}. */
    @PostMapping(path = "/api/layers/{layer}/loads", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<LoadReport> upload(@PathVariable String layer,
                                      @RequestPart(name = "file", required = false) MultipartFile file,
                                      @RequestParam(name = "preset", required = false) String preset,
                                      @RequestPart(name = "mapping", required = false) MultipartFile mapping,
                                      @RequestParam(name = "crs", required = false) String crs,
                                      @RequestParam(name = "table", required = false) String table) {
        // An unknown layer is refused before the upload is stored or a load report is written.
        if (nl.infill.layers.Layer.byId(layer).isEmpty()) {
            throw new NotFound("layer", "Unknown layer '" + printable(layer) + "'. Known layers: "
                    + String.join(", ", nl.infill.layers.Layer.ids()) + ".");
        }
        if (file == null) {
            throw new InvalidInput("file", "Missing multipart part 'file' (the GeoJSON, GeoPackage, GML or CityJSON to load).");
        }
        long max = props.maxFileSize().toBytes();
        if (file.getSize() > max) {
            throw tooLarge(max);
        }
        if (mapping != null && preset != null && !preset.isBlank()) {
            throw new InvalidInput("preset", "Give either 'preset' or a 'mapping' file, not both.");
        }
        String mappingJson = null;
        if (mapping != null) {
            if (mapping.getSize() > MAX_MAPPING_BYTES) {
                throw new InvalidInput("mapping", "The mapping file is larger than 1 MB.");
            }
            try {
                mappingJson = new String(mapping.getBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String name = fileName(file.getOriginalFilename());
        Path tmp = null;
        try {
            tmp = Files.createTempFile("infill-upload-", name.toLowerCase().endsWith(".gpkg") ? ".gpkg" : ".dat");
            file.transferTo(tmp);
            LoadReport report = loader.load(new LoadRequest(layer, tmp, name, blank(preset), mappingJson, blank(crs), blank(table)));
            return ResponseEntity.created(URI.create("/api/loads/" + report.id())).body(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temp file left behind is removed by the OS
                }
            }
        }
    }

    @GetMapping("/api/loads")
    List<LoadReport> recent(@RequestParam(name = "limit", defaultValue = "20") int limit,
                            @RequestParam(name = "layer", required = false) String layer) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidInput("limit", "limit must be between 1 and 1000.");
        }
        return history.recent(layer, limit);
    }

    @GetMapping("/api/loads/{id}")
    LoadReport one(@PathVariable long id) {
        return history.find(id).orElseThrow(() -> new NotFound("id", "No load with id " + id + "."));
    }

    static LimitExceeded tooLarge(long max) {
        return new LimitExceeded("File too large", "file", "The uploaded file is larger than the "
                + "limit of " + max + " bytes (infill.ingest.max-file-size). Nothing was changed.",
                Map.of("maxBytes", max));
    }

    /**
     * The last segment of a client's file name, without control characters (a NUL byte would make it
     * an invalid path): it is only recorded in the report, never used as a path.
     */
    static String fileName(String original) {
        if (original == null) {
            return "upload";
        }
        String clean = original.replaceAll("\\p{Cntrl}", "");
        String last = clean.substring(Math.max(clean.lastIndexOf('/'), clean.lastIndexOf('\\')) + 1).strip();
        return last.isEmpty() ? "upload" : last.length() > 200 ? last.substring(last.length() - 200) : last;
    }

    /** A client's text for a message: control characters dropped, at most 100 characters. */
    static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "");
        return t.length() > 100 ? t.substring(0, 100) + "..." : t;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
