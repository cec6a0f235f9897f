package nl.infill.system.security;

import static org.assertj.core.api.Assertions.assertThat;

/** What an error answer must never contain: internals an attacker could use. */
public final class Leaks {

    private Leaks() {
    }

    public static void assertCleanProblem(Http.Response r, String what) {
        assertThat(r.status()).as(what + " -> status (body %s)", r.body()).isBetween(400, 499);
        assertThat(r.contentType()).as(what + " -> content type").startsWith("application/problem+json");
        assertNoInternals(r, what);
    }

    public static void assertNoInternals(Http.Response r, String what) {
        assertNoInternals(r, what, java.util.List.of());
    }

    /** As above, but the client's own input echoed back (e.g. "Unknown layer '...'") is not a leak. */
    public static void assertNoInternals(Http.Response r, String what, java.util.List<String> echoes) {
        String body = r.body();
        for (String echo : echoes) {
            if (!echo.isEmpty()) {
                body = body.replace(echo, "");
            }
        }
        assertThat(body).as(what + " -> body leaks nothing")
                .doesNotContain("Exception")
                .doesNotContain("at nl.")
                .doesNotContainIgnoringCase("SELECT ")
                .doesNotContain("org.postgresql")
                .doesNotContain("org.springframework")
                .doesNotContain("java.");
    }
}
