package nl.infill.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

class VerifiedPasswordsTest {

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
    private final String hash = bcrypt.encode("right");
    private final AtomicInteger bcryptCalls = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();
    private final PasswordEncoder counting = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return bcrypt.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            bcryptCalls.incrementAndGet();
            return bcrypt.matches(raw, encoded);
        }
    };

    private VerifiedPasswords cache(Duration ttl, int maxEntries) {
        return new VerifiedPasswords(counting, ttl, maxEntries, now::get);
    }

    @Test
    void theRightPasswordPaysBcryptOnceWithinTheTtl() {
        var passwords = cache(Duration.ofMinutes(5), 100);
        assertThat(passwords.matches("right", hash)).isTrue();
        now.addAndGet(Duration.ofMinutes(4).toNanos());
        assertThat(passwords.matches("right", hash)).isTrue();
        assertThat(bcryptCalls).hasValue(1);
    }

    @Test
    void aWrongPasswordPaysBcryptEveryTimeAndIsNeverAccepted() {
        var passwords = cache(Duration.ofMinutes(5), 100);
        assertThat(passwords.matches("right", hash)).isTrue();
        assertThat(passwords.matches("wrong", hash)).isFalse();
        assertThat(passwords.matches("wrong", hash)).isFalse();
        assertThat(passwords.matches("righ", hash)).isFalse();
        assertThat(bcryptCalls).hasValue(4);
    }

    @Test
    void aVerificationExpiresAfterTheTtl() {
        var passwords = cache(Duration.ofMinutes(5), 100);
        passwords.matches("right", hash);
        now.addAndGet(Duration.ofMinutes(5).toNanos());
        assertThat(passwords.matches("right", hash)).isTrue();
        assertThat(bcryptCalls).hasValue(2);
    }

    @Test
    void aChangedHashIsNotMatchedByTheOldPasswordsEntry() {
        var passwords = cache(Duration.ofMinutes(5), 100);
        passwords.matches("right", hash);
        String newHash = bcrypt.encode("new");
        assertThat(passwords.matches("right", newHash)).isFalse();
        assertThat(passwords.matches("new", newHash)).isTrue();
        assertThat(bcryptCalls).hasValue(3);
    }

    @Test
    void aZeroTtlVerifiesEveryRequest() {
        var passwords = cache(Duration.ZERO, 100);
        passwords.matches("right", hash);
        passwords.matches("right", hash);
        assertThat(bcryptCalls).hasValue(2);
    }

    @Test
    void aFullCacheForgetsRatherThanGrows() {
        var passwords = cache(Duration.ofMinutes(5), 2);
        String h2 = bcrypt.encode("two");
        String h3 = bcrypt.encode("three");
        passwords.matches("right", hash);
        passwords.matches("two", h2);
        passwords.matches("three", h3);   // full: nothing has expired, so everything is dropped
        passwords.matches("right", hash);
        assertThat(bcryptCalls).hasValue(4);
    }
}
