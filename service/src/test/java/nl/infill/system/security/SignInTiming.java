package nl.infill.system.security;

import java.util.List;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The service's authentication (DaoAuthenticationProvider, VerifiedPasswords over BCrypt, the
 * user lookup) with one user {@code anna} hashed at a given cost, for the timing benchmark: with
 * Spring's plain lookup ("before") or the service's {@link ConstantTimeUsers} ("after").
 */
public final class SignInTiming {

    private final DaoAuthenticationProvider provider;

    public SignInTiming(int cost, boolean constantTime) {
        var configured = List.of(new SecurityProperties.User("anna", new BCryptPasswordEncoder(cost).encode("secret"),
                List.of("editor")));
        UserDetailsService plain = new InMemoryUserDetailsManager(ConfiguredUsers.from(configured));
        provider = new DaoAuthenticationProvider(constantTime ? new ConstantTimeUsers(plain, configured) : plain);
        provider.setPasswordEncoder(new VerifiedPasswords(new BCryptPasswordEncoder(), java.time.Duration.ofMinutes(5), 10_000));
    }

    /** Nanoseconds of {@code n} failed sign-ins (wrong password) of {@code user}. */
    public long measure(String user, int n) {
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try {
                provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(user, "wrong-" + i));
                throw new IllegalStateException("a wrong password signed in");
            } catch (AuthenticationException expected) {
                // what the benchmark measures
            }
        }
        return System.nanoTime() - t;
    }
}
