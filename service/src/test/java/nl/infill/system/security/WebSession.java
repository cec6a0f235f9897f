package nl.infill.system.security;

/**
 * What the web map holds after {@code GET /api/session}: its session cookie and the CSRF token of
 * that session (from the JSON body; the token lives in the server-side session, not in a cookie).
 */
public record WebSession(String cookie, String csrf) {

    public static WebSession start(int port) {
        return from(Http.request(port, "GET", "/api/session").send(), null);
    }

    /** The session after a response: its JSESSIONID if it set one, else {@code previous}'s; the token from the body. */
    static WebSession from(Http.Response r, WebSession previous) {
        String cookie = r.cookie("JSESSIONID").map(s -> "JSESSIONID=" + s)
                .orElse(previous == null ? "" : previous.cookie());
        String csrf = r.body().contains("\"csrf\":\"") ? r.body().replaceAll("(?s).*\"csrf\":\"([^\"]+)\".*", "$1")
                : previous == null ? null : previous.csrf();
        return new WebSession(cookie, csrf);
    }

    /** A request carrying the session cookie and the CSRF header. */
    public Http on(Http request) {
        return request.header("Cookie", cookie).header("X-XSRF-TOKEN", csrf);
    }
}
