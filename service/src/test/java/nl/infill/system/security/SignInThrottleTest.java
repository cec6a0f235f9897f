package nl.infill.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** The backoff arithmetic of the sign-in throttle, and unknown users costing what known ones do. */
class SignInThrottleTest {

    private static SecurityProperties.SignInThrottle config(int account, int client) {
        return new SecurityProperties.SignInThrottle(true, account, client, Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofHours(1));
    }

    @Test
    void pastTheFreeFailuresEachFailureDoublesTheWaitUpToTheMaximum() {
        SignInThrottle t = new SignInThrottle(config(3, 1000));
        for (int i = 0; i < 3; i++) {
            assertThat(t.waitSeconds("anna", "10.0.0.1")).isZero();
            t.failed("anna", "10.0.0.1");
        }
        assertThat(t.waitSeconds("anna", "10.0.0.1")).as("3 free failures used, none over").isZero();
        t.failed("anna", "10.0.0.1");   // 4th: 10 s
        assertThat(t.waitSeconds("anna", "10.0.0.1")).isBetween(9L, 10L);
        t.failed("anna", "10.0.0.1");   // 5th: 20 s
        assertThat(t.waitSeconds("anna", "10.0.0.1")).isBetween(19L, 20L);
        t.failed("anna", "10.0.0.1");   // 6th: 40 s
        assertThat(t.waitSeconds("anna", "10.0.0.1")).isBetween(39L, 40L);
        t.failed("anna", "10.0.0.1");   // 7th: 80 s, capped at 60 s
        assertThat(t.waitSeconds("anna", "10.0.0.1")).isBetween(59L, 60L);
        assertThat(t.waitSeconds("ANNA ", "10.0.0.2")).as("the same account, any case, from elsewhere").isBetween(59L, 60L);
        assertThat(t.waitSeconds("piet", "10.0.0.2")).as("another account from another client").isZero();
    }

    @Test
    void aClientTryingManyAccountsIsThrottledByItsAddress() {
        SignInThrottle t = new SignInThrottle(config(1000, 5));
        for (int i = 0; i < 6; i++) {
            t.failed("user" + i, "10.0.0.9");
        }
        assertThat(t.waitSeconds("someone-new", "10.0.0.9")).isBetween(9L, 10L);
        assertThat(t.waitSeconds("someone-new", "10.0.0.10")).isZero();
    }

    @Test
    void aSuccessClearsTheAccountAndTheClient() {
        SignInThrottle t = new SignInThrottle(config(1, 1));
        t.failed("anna", "10.0.0.1");
        t.failed("anna", "10.0.0.1");
        assertThat(t.waitSeconds("anna", "10.0.0.1")).isPositive();
        t.succeeded("anna", "10.0.0.1");
        assertThat(t.waitSeconds("anna", "10.0.0.1")).isZero();
    }

    @Test
    void unknownUsersAreVerifiedAgainstADummyHashOfTheConfiguredCostAndFailLikeAWrongPassword() {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        String hash = new BCryptPasswordEncoder(6).encode("secret");
        var configured = List.of(new SecurityProperties.User("anna", hash, List.of("editor")));
        ConstantTimeUsers users = new ConstantTimeUsers(
                new InMemoryUserDetailsManager(ConfiguredUsers.from(configured)), configured);

        UserDetails unknown = users.loadUserByUsername("nobody");
        assertThat(unknown.getPassword()).as("same BCrypt cost as the configured users").startsWith("$2a$06$");
        assertThat(unknown.getAuthorities()).isEmpty();
        assertThat(bcrypt.matches("", unknown.getPassword())).isFalse();
        assertThat(users.loadUserByUsername("anna").getPassword()).isEqualTo(hash);

        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(bcrypt);
        for (String name : new String[] {"anna", "nobody"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> provider.authenticate(
                    UsernamePasswordAuthenticationToken.unauthenticated(name, "wrong")))
                    .as(name).isExactlyInstanceOf(BadCredentialsException.class);
        }
        assertThat(provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("anna", "secret"))
                .isAuthenticated()).isTrue();
        assertThat(ConstantTimeUsers.cost("{bcrypt}$2b$12$abcdefghijklmnopqrstuv")).isEqualTo(12);
    }
}
