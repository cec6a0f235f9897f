package nl.infill.system.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the 401/403/413/429 answers of the security filters as RFC 9457 problem+json, the same
 * shape as {@code ProblemHandler} gives everything else (the filters run before Spring MVC, so
 * they cannot go through it).
 *
 * <p>A browser never gets {@code WWW-Authenticate: Basic}: that header makes browsers open their
 * own password dialog and then silently attach the typed credentials to every later request to
 * this origin, cross-site forms included, which would defeat the CSRF exemption of Basic
 * requests. Browsers are recognised by the {@code Sec-Fetch-Mode} header every current browser
 * sends, or {@code X-Requested-With}; API clients (curl, QGIS, scripts) get the usual challenge.
 */
final class ProblemWriter implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException e) throws IOException {
        boolean browser = request.getHeader("Sec-Fetch-Mode") != null || request.getHeader("X-Requested-With") != null;
        if (!browser) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"infill\"");
        }
        boolean triedCredentials = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        write(response, 401, "Unauthorized", triedCredentials
                ? "The credentials were not accepted."
                : "Sign in (POST /api/session) or send HTTP Basic or Bearer credentials for this request.", null);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
            AccessDeniedException e) throws IOException {
        if (e instanceof CsrfException) {
            write(response, 403, "Forbidden", "The CSRF token is missing or does not match: send the value of the "
                    + "XSRF-TOKEN cookie in the X-XSRF-TOKEN header.", Map.of("where", "X-XSRF-TOKEN"));
            return;
        }
        write(response, 403, "Forbidden", "Your role does not allow this request.", null);
    }

    static void write(HttpServletResponse response, int status, String title, String detail,
            Map<String, Object> extra) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://infill.example/problems/" + status);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (extra != null) {
            body.putAll(extra);
        }
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(body));
        response.flushBuffer();
    }
}
