package nl.infill.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (a URL Tomcat or the security firewall refuses, a
 * {@code sendError} from a filter) end at {@code /error}; this answers them as problem+json too,
 * with only the status and a generic text: no exception, message, trace or path echoed back.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping(value = "/error", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // asked for directly (GET /error) rather than reached by an error dispatch: there is nothing here
        Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        HttpStatus status = code == null ? HttpStatus.NOT_FOUND
                // undecodable parameters met first in a filter rather than in a controller
                : thrown instanceof org.apache.tomcat.util.http.InvalidParameterException ? HttpStatus.BAD_REQUEST
                : code instanceof Integer i && HttpStatus.resolve(i) != null
                ? HttpStatus.valueOf(i) : HttpStatus.INTERNAL_SERVER_ERROR;
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, switch (status.series()) {
            case CLIENT_ERROR -> "The request was refused: " + status.getReasonPhrase().toLowerCase() + ".";
            default -> "An unexpected error occurred. It has been logged.";
        });
        pd.setTitle(status.getReasonPhrase());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
    }
}
