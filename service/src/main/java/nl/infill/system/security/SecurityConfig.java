package nl.infill.system.security;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.HEAD;
import static org.springframework.http.HttpMethod.OPTIONS;
import static org.springframework.http.HttpMethod.PATCH;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Who may do what (docs/security.md): reads are anonymous unless {@code anonymous-read} is off;
 * {@code editor} loads data and edits and runs scenarios; {@code admin} can do all an editor can,
 * publishes to GeoServer and manages settings. API clients authenticate per request (HTTP Basic,
 * or a Bearer JWT when an OIDC issuer is configured) and get no session; the web map signs in
 * through {@code /api/session} and then carries a session cookie, which is why cookie requests
 * must echo the CSRF cookie in a header.
 */
@Configuration
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfig {

    static final String EDITOR = "editor";
    static final String ADMIN = "admin";
    /** Reads /actuator/prometheus and nothing else: the account a Prometheus server scrapes with. */
    static final String METRICS = "metrics";

    /** BCrypt, with recent successful verifications remembered (see {@link VerifiedPasswords} for why that is safe). */
    @Bean
    PasswordEncoder passwordEncoder(SecurityProperties props) {
        return new VerifiedPasswords(new BCryptPasswordEncoder(), props.verifiedPasswordTtl(), 10_000);
    }

    @Bean
    UserDetailsService users(SecurityProperties props) {
        return new ConstantTimeUsers(new InMemoryUserDetailsManager(ConfiguredUsers.from(props.users())), props.users());
    }

    @Bean
    SignInThrottle signInThrottle(SecurityProperties props) {
        return new SignInThrottle(props.signInThrottle());
    }

    /**
     * The CSRF token lives in the server-side session, so it is bound to that session: a token and
     * cookie pair an attacker makes up (possible with a double-submit cookie, which a sibling
     * subdomain can set) matches nothing. The web map reads it from {@code GET /api/session}.
     */
    @Bean
    CsrfTokenRepository csrfTokenRepository() {
        HttpSessionCsrfTokenRepository repo = new HttpSessionCsrfTokenRepository();
        repo.setHeaderName("X-XSRF-TOKEN");
        return repo;
    }

    /**
     * The token is accepted from the {@code X-XSRF-TOKEN} header only, never from a {@code _csrf}
     * query or form parameter: a parameter ends up in URLs, logs and Referer headers, and a
     * cross-site form can send one.
     */
    static final class HeaderOnlyCsrf extends org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler {
        @Override
        public String resolveCsrfTokenValue(jakarta.servlet.http.HttpServletRequest request,
                org.springframework.security.web.csrf.CsrfToken token) {
            return request.getHeader(token.getHeaderName());
        }
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new DelegatingSecurityContextRepository(new RequestAttributeSecurityContextRepository(),
                new HttpSessionSecurityContextRepository());
    }

    /**
     * Spring Security would otherwise wrap every filter of every request in a Micrometer
     * observation; nothing reads them (the Prometheus metrics are Infill's own and
     * http.server.requests), and on a tile served
     * from memory they cost more than the tile. The http.server.requests metric stays.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Reading tiles ({@code /tiles} and OGC API - Tiles): the same authentication (session, Basic, Bearer) and the same read rule as
     * every other GET ({@code anonymous-read}), but a short chain, because a map fetches tiles by
     * the hundred: no CSRF token (a GET changes nothing), no body limit (no body is read), no
     * rate limit (tiles are not among the expensive endpoints).
     */
    @Bean
    @Order(1)
    SecurityFilterChain tiles(HttpSecurity http, SecurityProperties props, SecurityContextRepository contextRepo,
            ObjectProvider<JwtDecoder> jwt, SignInThrottle throttle, Environment env) throws Exception {
        http.securityMatcher(new OrRequestMatcher(
                PathPatternRequestMatcher.withDefaults().matcher(GET, "/tiles/**"),
                PathPatternRequestMatcher.withDefaults().matcher(HEAD, "/tiles/**"),
                // OGC API - Tiles: the same tiles under their standard paths (and the small
                // tileset documents beside them).
                PathPatternRequestMatcher.withDefaults().matcher(GET, "/ogc/collections/{collectionId}/tiles/**"),
                PathPatternRequestMatcher.withDefaults().matcher(HEAD, "/ogc/collections/{collectionId}/tiles/**")));
        authentication(http, props, contextRepo, jwt, throttle,
                ContentSecurityPolicy.of(props.contentSecurityPolicy(), env));
        http.csrf(c -> c.disable());
        http.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER));
        http.authorizeHttpRequests(a -> a.anyRequest().access(read(props)));
        return http.build();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, SecurityProperties props, CsrfTokenRepository csrfRepo,
            SecurityContextRepository contextRepo, ObjectProvider<JwtDecoder> jwt, SignInThrottle throttle,
            Environment env) throws Exception {
        String[] writers = {EDITOR, ADMIN};

        authentication(http, props, contextRepo, jwt, throttle,
                ContentSecurityPolicy.of(props.contentSecurityPolicy(), env));
        http.csrf(c -> c.csrfTokenRepository(csrfRepo)
                .csrfTokenRequestHandler(new HeaderOnlyCsrf())
                .requireCsrfProtectionMatcher(cookieWrites()));
        http.addFilterBefore(new JsonBodyLimitFilter(props.maxJsonBody().toBytes()), DisableEncodeUrlFilter.class);
        if (props.rateLimit().enabled()) {
            http.addFilterAfter(new RateLimitFilter(props.rateLimit()), AuthorizationFilter.class);
        }

        http.authorizeHttpRequests(a -> {
            a.requestMatchers("/api/session", "/api/session/**").permitAll();
            // the status for anyone (load balancers); components and their details for admins only
            a.requestMatchers("/actuator/health").permitAll();
            a.requestMatchers("/actuator/health/**").hasRole(ADMIN);
            // Metrics tell load, data sizes and timings: for the operators, not for every reader.
            a.requestMatchers("/actuator/prometheus").hasAnyRole(ADMIN, METRICS);
            a.requestMatchers(OPTIONS, "/**").permitAll();
            a.requestMatchers("/error").permitAll();
            // Publishing and settings: reading state is a read, changing it is the admin's.
            a.requestMatchers(GET, "/api/publishing/**", "/api/settings/**").access(read(props));
            a.requestMatchers("/api/publishing/**", "/api/settings/**").hasRole(ADMIN);
            // Queries and exports take a body but change nothing.
            a.requestMatchers(POST, "/api/query/**", "/api/export", "/api/export/**").access(read(props));
            for (var method : List.of(POST, PUT, PATCH, DELETE)) {
                a.requestMatchers(method, "/api/layers/**", "/api/scenarios/**", "/api/runs/**", "/api/loads/**")
                        .hasAnyRole(writers);
            }
            a.requestMatchers(GET, "/**").access(read(props));
            a.requestMatchers(HEAD, "/**").access(read(props));
            // Any other write is at least an editor's until someone says otherwise.
            a.anyRequest().hasAnyRole(writers);
        });
        return http.build();
    }

    /** What every chain shares: who the caller is (session, Basic, Bearer), headers, problem answers. */
    private static void authentication(HttpSecurity http, SecurityProperties props, SecurityContextRepository contextRepo,
            ObjectProvider<JwtDecoder> jwt, SignInThrottle throttle, String contentSecurityPolicy) throws Exception {
        ProblemWriter problems = new ProblemWriter();
        http.addFilterBefore(new SignInThrottleFilter(throttle),
                org.springframework.security.web.authentication.www.BasicAuthenticationFilter.class);
        http.securityContext(c -> c.securityContextRepository(contextRepo));
        http.cors(c -> c.configurationSource(cors(props.cors())));
        http.httpBasic(b -> b.authenticationEntryPoint(problems).securityContextRepository(
                new RequestAttributeSecurityContextRepository()));
        http.formLogin(f -> f.disable());
        http.logout(l -> l.disable());
        http.requestCache(r -> r.disable());
        http.exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        http.headers(h -> h
                .contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy))
                .frameOptions(f -> f.deny())
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        if (jwt.getIfAvailable() != null) {
            http.oauth2ResourceServer(o -> o.authenticationEntryPoint(problems).accessDeniedHandler(problems)
                    .jwt(j -> j.jwtAuthenticationConverter(new RolesFromClaim(props.oidc().rolesClaim()))));
        }
    }

    private static org.springframework.security.authorization.AuthorizationManager<
            org.springframework.security.web.access.intercept.RequestAuthorizationContext> read(SecurityProperties props) {
        return props.anonymousRead()
                ? (auth, ctx) -> new org.springframework.security.authorization.AuthorizationDecision(true)
                : (auth, ctx) -> new org.springframework.security.authorization.AuthorizationDecision(
                        ConfiguredUsers.signedIn(auth.get()));
    }

    /**
     * CSRF applies to state-changing requests that ride on a session cookie, and to sign-in itself
     * (so no one can sign a victim's browser into the attacker's account). Requests with an
     * Authorization header are exempt: a cross-site page cannot add that header without a CORS
     * preflight, which the allow-list refuses, and Infill never makes a browser remember Basic
     * credentials (see {@link ProblemWriter}). Requests with neither a session nor credentials are
     * anonymous and may only read, so there is nothing to forge.
     */
    private static RequestMatcher cookieWrites() {
        return request -> !List.of("GET", "HEAD", "OPTIONS", "TRACE").contains(request.getMethod())
                && request.getHeader("Authorization") == null
                && (request.getRequestedSessionId() != null || request.getRequestURI().startsWith("/api/session"));
    }

    /**
     * The strict firewall (no encoded slashes, dots, backslashes or control characters; see
     * {@link FirewallProblems}), but with semicolons allowed: Tomcat strips {@code ;params} from a
     * path before Spring Security and Spring MVC both match it, so they see the same path, and an
     * injection attempt such as {@code /api/layers/x';drop table parcel;--} gets the feature's own
     * 404 "Unknown layer" instead of a generic refusal.
     */
    @Bean
    org.springframework.security.web.firewall.HttpFirewall httpFirewall() {
        var firewall = new org.springframework.security.web.firewall.StrictHttpFirewall();
        firewall.setAllowSemicolon(true);
        return firewall;
    }

    private static CorsConfigurationSource cors(SecurityProperties.Cors cors) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!cors.allowedOrigins().isEmpty()) {
            CorsConfiguration c = new CorsConfiguration();
            c.setAllowedOrigins(cors.allowedOrigins());
            c.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"));
            c.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-XSRF-TOKEN", "X-Requested-With"));
            c.setExposedHeaders(List.of("Location", "Retry-After", "ETag"));
            c.setAllowCredentials(true);
            c.setMaxAge(3600L);
            source.registerCorsConfiguration("/**", c);
        }
        return source;
    }

    /** Maps the configured claim (list or space-separated string) to ROLE_ authorities. */
    record RolesFromClaim(String claim) implements Converter<Jwt, AbstractAuthenticationToken> {
        @Override
        public AbstractAuthenticationToken convert(Jwt jwt) {
            Collection<GrantedAuthority> authorities = new ArrayList<>();
            Object value = jwt.getClaims().get(claim);
            List<String> roles = value instanceof Collection<?> c ? c.stream().map(String::valueOf).toList()
                    : value instanceof String s ? List.of(s.split("\\s+")) : List.of();
            for (String role : roles) {
                authorities.add(new SimpleGrantedAuthority("ROLE_" + role));
                if (ADMIN.equals(role)) {
                    authorities.add(new SimpleGrantedAuthority("ROLE_" + EDITOR));
                }
            }
            return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
        }
    }
}
