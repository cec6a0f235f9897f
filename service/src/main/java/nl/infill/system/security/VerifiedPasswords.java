package nl.infill.system.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * BCrypt, but a password that was verified against a stored hash a moment ago is not verified again
 * for {@code ttl}. HTTP Basic sends the password with every request, and one BCrypt verification
 * (about 0.1 s at cost 10, 0.4 s at the cost 12 that {@code BcryptHash} makes) would otherwise be
 * paid by each of them: it dominated a script's re-score of 50,000 parcels.
 *
 * <p>Why this is safe enough (docs/security.md, "HTTP Basic and BCrypt"):
 * <ul>
 * <li>Only successes are remembered. A wrong password always pays the full BCrypt, so guessing
 * online is as slow as before, and a fast answer only ever goes to someone who sent the right
 * password.</li>
 * <li>The entry is an HMAC-SHA-256, under a random key made at start-up and never stored, of the
 * stored hash and the password; the password itself is not kept. The key is in memory, so whoever
 * can read the process's memory could test guesses against an entry at HMAC speed instead of BCrypt
 * speed; such a reader could equally read passwords from request buffers, so little is lost.</li>
 * <li>The stored hash is part of the entry: a changed password (new hash) is not matched by the old
 * one's entry. The user is still looked up on every request, so a removed user is refused at once.</li>
 * <li>Entries expire after {@code ttl}; at most {@code maxEntries} are held (expired ones are
 * dropped first, then all), so a flood of valid sign-ins cannot grow memory.</li>
 * </ul>
 */
final class VerifiedPasswords implements PasswordEncoder {

    private final PasswordEncoder delegate;
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final SecretKeySpec key;
    /** HMAC of (stored hash, password), Base64 -> System.nanoTime() at which the entry expires. */
    private final Map<String, Long> verified = new ConcurrentHashMap<>();

    VerifiedPasswords(PasswordEncoder delegate, Duration ttl, int maxEntries) {
        this(delegate, ttl, maxEntries, System::nanoTime);
    }

    VerifiedPasswords(PasswordEncoder delegate, Duration ttl, int maxEntries, LongSupplier nanoTime) {
        this.delegate = delegate;
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (ttlNanos <= 0 || rawPassword == null || encodedPassword == null) {
            return delegate.matches(rawPassword, encodedPassword);
        }
        String entry = entry(rawPassword, encodedPassword);
        long now = nanoTime.getAsLong();
        Long expires = verified.get(entry);
        if (expires != null && now - expires < 0) {
            return true;
        }
        boolean ok = delegate.matches(rawPassword, encodedPassword);
        if (ok) {
            if (verified.size() >= maxEntries) {
                verified.values().removeIf(e -> now - e >= 0);
                if (verified.size() >= maxEntries) {
                    verified.clear();
                }
            }
            verified.put(entry, now + ttlNanos);
        } else if (expires != null) {
            verified.remove(entry);
        }
        return ok;
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    private String entry(CharSequence rawPassword, String encodedPassword) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(encodedPassword.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(rawPassword.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
