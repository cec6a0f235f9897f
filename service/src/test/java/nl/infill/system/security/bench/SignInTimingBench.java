package nl.infill.system.security.bench;

import java.util.Arrays;

import nl.infill.system.security.SignInTiming;

/**
 * How long a failed sign-in takes for a known and for an unknown account name (issue 13: 0.28 s
 * against 0.07 s gave the names away), with users hashed at BCrypt cost 12 as {@code BcryptHash}
 * makes them. Measures the authentication the service runs for both sign-in paths (session and
 * HTTP Basic: Spring's DaoAuthenticationProvider over the service's user lookup and password
 * encoder), "before" with Spring's plain lookup and "after" with the service's. Prints medians; no
 * assertions. {@code bench/signin-timing.sh} runs it.
 */
public final class SignInTimingBench {

    private SignInTimingBench() {
    }

    public static void main(String[] args) {
        int tries = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int cost = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        System.out.printf("sign-in timing: %d tries each, users at BCrypt cost %d, %d cores, %s%n", tries, cost,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        for (boolean constantTime : new boolean[] {false, true}) {
            SignInTiming t = new SignInTiming(cost, constantTime);
            t.measure("anna", 5); // warm-up
            t.measure("nobody", 5);
            // interleaved, so that load from elsewhere falls on both alike
            long[] known = new long[tries];
            long[] unknown = new long[tries];
            for (int i = 0; i < tries; i++) {
                known[i] = t.measure("anna", 1);
                unknown[i] = t.measure("nobody-" + i, 1);
            }
            System.out.printf("%-34s known user %6.1f ms (p10 %.1f, p90 %.1f), unknown user %6.1f ms (p10 %.1f, "
                    + "p90 %.1f), ratio %.2f%n", constantTime ? "after (ConstantTimeUsers):" : "before (Spring's dummy hash):",
                    median(known), pct(known, 10), pct(known, 90), median(unknown), pct(unknown, 10), pct(unknown, 90),
                    median(known) / median(unknown));
        }
    }

    private static double median(long[] nanos) {
        return pct(nanos, 50);
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, s.length * p / 100)] / 1e6;
    }

}
