package nl.infill.system.security;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import nl.infill.system.ApiProblem;

/**
 * Sign-in for the web map: {@code POST /api/session} with {@code {username, password}} answers 204
 * and a fresh session cookie; {@code GET /api/session} tells who is signed in and hands out the
 * CSRF token; {@code DELETE /api/session} signs out. All three need the CSRF header when they
 * change state (POST, DELETE), like every cookie request.
 */
@RestController
@RequestMapping("/api/session")
class SessionController {

    record Credentials(@NotBlank @Size(max = 200) String username, @NotBlank @Size(max = 200) String password) {
    }

    record Session(String user, List<String> roles, String csrf, String csrfHeader, boolean anonymousRead) {
    }

    private final AuthenticationManager authentication;
    private final SecurityContextRepository contexts;
    private final CsrfTokenRepository csrf;
    private final SecurityProperties props;
    private final SignInThrottle throttle;

    SessionController(UserDetailsService users, PasswordEncoder encoder, SecurityContextRepository contexts,
            CsrfTokenRepository csrf, SecurityProperties props, SignInThrottle throttle) {
        this.throttle = throttle;
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(encoder);
        this.authentication = new ProviderManager(provider);
        this.contexts = contexts;
        this.csrf = csrf;
        this.props = props;
    }

    @GetMapping
    Session current(HttpServletRequest request) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String value = token == null ? null : token.getToken();
        if (!ConfiguredUsers.signedIn(auth)) {
            return new Session(null, List.of(), value, "X-XSRF-TOKEN", props.anonymousRead());
        }
        return new Session(auth.getName(), roles(auth), value, "X-XSRF-TOKEN", props.anonymousRead());
    }

    @PostMapping
    ResponseEntity<Void> signIn(@Valid @RequestBody Credentials credentials, HttpServletRequest request,
            HttpServletResponse response) {
        Authentication auth;
        String client = request.getRemoteAddr();
        long wait = throttle.waitSeconds(credentials.username(), client);
        if (wait > 0) {
            throw new ApiProblem(org.springframework.http.HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
                    "Too many failed sign-ins for this account or from this address; try again in " + wait + " s.",
                    "username", java.util.Map.of("retryAfterSeconds", wait));
        }
        try {
            auth = authentication.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(
                    credentials.username(), credentials.password()));
        } catch (AuthenticationException e) {
            throttle.failed(credentials.username(), client);
            throw new ApiProblem(org.springframework.http.HttpStatus.UNAUTHORIZED, "Unauthorized",
                    "User name or password is wrong.", "password", null);
        }
        throttle.succeeded(credentials.username(), client);
        // A new session id and a new CSRF token on sign-in, so nothing planted before survives it.
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        renewCsrf(request, response);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping
    ResponseEntity<Void> signOut(HttpServletRequest request, HttpServletResponse response) {
        var session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        renewCsrf(request, response);
        return ResponseEntity.noContent().build();
    }

    private void renewCsrf(HttpServletRequest request, HttpServletResponse response) {
        csrf.saveToken(null, request, response);
        csrf.saveToken(csrf.generateToken(request), request, response);
    }

    private static List<String> roles(Authentication auth) {
        return auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).sorted().toList();
    }

}
