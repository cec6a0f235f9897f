package nl.infill.system.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The sign-in throttle for HTTP Basic, which signs in on every request: an account or client in
 * its backoff gets 429 before BCrypt runs; a 401 after the credentials were checked counts as a
 * failure, any other answer as a success. (The web map's sign-in, {@code POST /api/session},
 * applies the same throttle in {@code SessionController}.)
 */
final class SignInThrottleFilter extends OncePerRequestFilter {

    private final SignInThrottle throttle;

    SignInThrottleFilter(SignInThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String h = request.getHeader(HttpHeaders.AUTHORIZATION);
        return h == null || !h.regionMatches(true, 0, "Basic ", 0, 6);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String user = basicUser(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (user == null) {
            chain.doFilter(request, response); // not decodable: Spring's Basic filter answers it
            return;
        }
        String client = request.getRemoteAddr();
        long wait = throttle.waitSeconds(user, client);
        if (wait > 0) {
            tooMany(response, wait);
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            throttle.failed(user, client);
        } else if (response.getStatus() < 400) {
            throttle.succeeded(user, client);
        }
    }

    static void tooMany(HttpServletResponse response, long wait) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
        ProblemWriter.write(response, 429, "Too many requests", "Too many failed sign-ins for this account or from "
                + "this address; try again in " + wait + " s.", Map.of("retryAfterSeconds", wait));
    }

    private static String basicUser(String header) {
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
