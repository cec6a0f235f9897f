package nl.infill.system.security;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code infill.security.*}: who may do what, and the limits that keep one client from hurting
 * the others. Defaults in {@code config/security.yml}; every key documented in docs/security.md.
 *
 * @param anonymousRead        reads (GET, POST /api/query/**, POST /api/export, OGC, tiles, map)
 *                             without signing in; default {@code true}
 * @param users                local users with BCrypt hashes; none by default
 * @param cors                 cross-origin allow-list
 * @param maxJsonBody          largest JSON request body; default 10MB
 * @param maxJsonDepth         deepest JSON nesting accepted; default 100 (GeoJSON needs about 8)
 * @param statementTimeout     PostgreSQL statement timeout of every pooled connection; default 60s
 * @param longStatementTimeout timeout a load or run may raise its own transaction to; default 30m
 * @param rateLimit            token bucket per client on expensive endpoints
 * @param oidc                 claims read from an OIDC issuer's tokens (when an issuer-uri is set)
 * @param contentSecurityPolicy the Content-Security-Policy header of every response
 * @param verifiedPasswordTtl  how long a password that matched its BCrypt hash is taken as verified
 *                             without BCrypt again (HTTP Basic sends it with every request; see
 *                             {@code VerifiedPasswords}); {@code 0s} turns this off; default 5m
 * @param signInThrottle       backoff after failed sign-ins, per account and per client
 */
@Validated
@ConfigurationProperties("infill.security")
public record SecurityProperties(
        @DefaultValue("true") boolean anonymousRead,
        @DefaultValue List<@Valid User> users,
        @DefaultValue @Valid Cors cors,
        @DefaultValue("10MB") @NotNull DataSize maxJsonBody,
        @DefaultValue("100") @Min(8) int maxJsonDepth,
        @DefaultValue("60s") @NotNull Duration statementTimeout,
        @DefaultValue("30m") @NotNull Duration longStatementTimeout,
        @DefaultValue @Valid RateLimit rateLimit,
        @DefaultValue @Valid Oidc oidc,
        @DefaultValue("default-src 'self'") @NotBlank String contentSecurityPolicy,
        @DefaultValue("5m") @NotNull Duration verifiedPasswordTtl,
        @DefaultValue @Valid SignInThrottle signInThrottle) {

    /**
     * @param name         user name
     * @param passwordHash BCrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$}); plain text is refused
     * @param roles        {@code editor} and/or {@code admin}, or {@code metrics} (reads /actuator/prometheus only)
     */
    public record User(@NotBlank String name, @NotBlank String passwordHash, @NotEmpty List<String> roles) {
    }

    /** @param allowedOrigins origins allowed to call the API from a browser; none by default */
    public record Cors(@DefaultValue List<String> allowedOrigins) {
    }

    /**
     * @param enabled   default {@code true}
     * @param capacity  requests a client may make in a burst; default 30
     * @param perMinute tokens refilled per minute; default 60
     * @param paths     "METHOD /ant/pattern" entries that are limited
     */
    public record RateLimit(@DefaultValue("true") boolean enabled,
            @DefaultValue("30") @Min(1) int capacity,
            @DefaultValue("60") @Min(1) int perMinute,
            @DefaultValue List<String> paths) {
    }

    /**
     * Failed sign-ins (session or HTTP Basic) are counted per account name and per client address;
     * past the free failures each further one doubles the wait before the next try is even checked
     * (429 with Retry-After meanwhile). Counts live in this replica's memory.
     *
     * @param enabled              default {@code true}
     * @param accountFreeFailures  failures an account name may have before waits begin; default 5
     * @param clientFreeFailures   failures a client address may have before waits begin; default 20
     * @param firstDelay           the first wait (duration); default 1s, doubling with each failure
     * @param maxDelay             the longest wait (duration); default 15m
     * @param forgetAfter          a key without failures for this long starts afresh (duration); default 1h
     */
    public record SignInThrottle(@DefaultValue("true") boolean enabled,
            @DefaultValue("5") @Min(1) int accountFreeFailures,
            @DefaultValue("20") @Min(1) int clientFreeFailures,
            @DefaultValue("1s") @NotNull Duration firstDelay,
            @DefaultValue("15m") @NotNull Duration maxDelay,
            @DefaultValue("1h") @NotNull Duration forgetAfter) {
    }

    /** @param rolesClaim JWT claim holding the Infill roles (a list or space-separated string); default {@code roles} */
    public record Oidc(@DefaultValue("roles") @NotBlank String rolesClaim) {
    }
}
