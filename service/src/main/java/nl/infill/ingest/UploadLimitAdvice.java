package nl.infill.ingest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

import nl.infill.system.InvalidInput;
import nl.infill.system.ProblemResponses;

/**
 * An upload over the servlet multipart limit (wired to {@code infill.ingest.max-file-size}) is
 * refused before the controller runs; this turns it into the same 413 problem the controller
 * gives, naming the part and the limit.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadLimitAdvice {

    private final IngestProperties props;

    UploadLimitAdvice(IngestProperties props) {
        this.props = props;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
        return ProblemResponses.of(LoadController.tooLarge(props.maxFileSize().toBytes()));
    }

    /** A multipart body cut off or malformed (no closing boundary, broken headers): the client's fault, a 400. */
    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ResponseEntity<ProblemDetail> malformed(org.springframework.web.multipart.MultipartException e) {
        if (e instanceof MaxUploadSizeExceededException tooLarge) {
            return tooLarge(tooLarge);
        }
        return ProblemResponses.of(new InvalidInput("body",
                "The multipart body cannot be read: it is truncated or malformed (each part needs its headers and "
                        + "the body must end with the closing boundary)."));
    }
}
