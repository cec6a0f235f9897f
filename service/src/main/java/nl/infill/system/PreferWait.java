package nl.infill.system;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code wait} preference of RFC 7240 ({@code Prefer: wait=5}, also within a list such as
 * {@code Prefer: respond-async, wait=5}): how many seconds the client is willing to wait for the
 * final answer. Unknown preferences and malformed values are ignored, as section 2 of the RFC asks.
 * Used by the asynchronous APIs: analysis runs and harvests.
 */
public final class PreferWait {

    private PreferWait() {
    }

    /** The requested wait, capped at {@code max}; empty when no valid {@code wait} was given. */
    public static Optional<Duration> of(List<String> preferHeaders, Duration max) {
        if (preferHeaders == null) {
            return Optional.empty();
        }
        Optional<Duration> wait = Optional.empty();
        for (String header : preferHeaders) {
            for (String preference : header.split(",")) {
                // a preference may carry parameters after ';' which "wait" does not use
                String token = preference.split(";", 2)[0].strip();
                int eq = token.indexOf('=');
                if (eq < 0 || !token.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("wait")) {
                    continue;
                }
                String value = token.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (!value.matches("[0-9]{1,9}")) {
                    continue;
                }
                Duration d = Duration.ofSeconds(Long.parseLong(value));
                // the first valid occurrence wins (RFC 7240 section 2)
                if (wait.isEmpty()) {
                    wait = Optional.of(d.compareTo(max) > 0 ? max : d);
                }
            }
        }
        return wait;
    }

    /**
     * Waits up to {@code timeout} for {@code done} (completed when a background job has ended);
     * true when it has (or {@code done} is null: the job is not running in this process), false
     * on timeout or interruption.
     */
    public static boolean awaitEnd(Future<?> done, Duration timeout) {
        if (done == null) {
            return true;
        }
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }
}
