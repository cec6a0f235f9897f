package nl.infill.system.security;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An in-memory token bucket per client (the signed-in user, else the remote address) over the
 * expensive endpoints (runs, loads, exports, spatial queries): {@code capacity} requests in a
 * burst, refilled at {@code perMinute}. Over the limit: 429 problem+json with Retry-After.
 * One instance of the service keeps its own buckets; that is the deployment Infill targets.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private static final int MAX_CLIENTS = 10_000;

    private final List<RequestMatcher> limited;
    private final double capacity;
    private final double perNano;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimitFilter(SecurityProperties.RateLimit config) {
        this.limited = config.paths().stream().map(RateLimitFilter::matcher).toList();
        this.capacity = config.capacity();
        this.perNano = config.perMinute() / 60e9;
    }

    static RequestMatcher matcher(String entry) {
        String[] parts = entry.trim().split("\\s+", 2);
        if (parts.length == 2) {
            return PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.valueOf(parts[0].toUpperCase()), parts[1]);
        }
        return PathPatternRequestMatcher.withDefaults().matcher(parts[0]);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return limited.stream().noneMatch(m -> m.matches(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (buckets.size() > MAX_CLIENTS) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(client(request), k -> new Bucket(capacity, System.nanoTime()));
        long waitSeconds = bucket.take(capacity, perNano, System.nanoTime());
        if (waitSeconds > 0) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(waitSeconds));
            ProblemWriter.write(response, 429, "Too many requests",
                    "This client made too many expensive requests (runs, loads, exports, spatial queries); retry after "
                            + waitSeconds + " s.", Map.of("retryAfterSeconds", waitSeconds));
            return;
        }
        chain.doFilter(request, response);
    }

    private static String client(HttpServletRequest request) {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated() && !(auth instanceof AnonymousAuthenticationToken)) {
            return "user:" + auth.getName();
        }
        return "ip:" + request.getRemoteAddr();
    }

    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        /** Takes one token; returns 0 when granted, else the whole seconds until one is there. */
        synchronized long take(double capacity, double perNano, long now) {
            tokens = Math.min(capacity, tokens + (now - at) * perNano);
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
        }
    }
}
