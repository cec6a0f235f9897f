package nl.infill.presentation;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code GET /api/presentation}: what the web map reads at start-up for its legends, labels,
 * slider ranges and texts. It changes only with a new build, so clients keep it and revalidate
 * with its ETag ({@code no-cache}: a new deployment is seen at the next page load, not after an age).
 */
@RestController
@Tag(name = "Presentation", description = "Labels, legends, colour classes and parameter ranges in Dutch and English")
class PresentationController {

    @GetMapping("/api/presentation")
    @Operation(summary = "Labels, explanation templates, exclusion reasons, map layer classes and parameter ranges")
    ResponseEntity<Presentation> presentation(@RequestHeader(value = "If-None-Match", required = false) String ifNoneMatch) {
        String etag = Presentation.etag();
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(CacheControl.noCache()).build();
        }
        return ResponseEntity.ok().eTag(etag).cacheControl(CacheControl.noCache()).body(Presentation.get());
    }
}
