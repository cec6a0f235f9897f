package nl.infill.system.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Parameter;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Hostile values (deep nesting, long numbers, overflow, NaN, NUL, invalid UTF-8, forged paging
 * cursors) in every path variable, query parameter and JSON body of every endpoint Spring MVC
 * maps, enumerated from {@link RequestMappingHandlerMapping} so that a new endpoint is fuzzed
 * without anyone adding it here. Sent as admin (so that writes are reached, not just refused) with
 * the rate limit off (a 429 must not hide a 500). Every answer must be below 500, and every 4xx
 * must be problem+json without internals.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"infill.security.rate-limit.enabled=false"})
class EndpointFuzzIT {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    /**
     * Hostile values sent as admin may start analysis runs (a valid slug with a hostile query
     * parameter); let them end here, so that later test classes sharing the database see no
     * writes they did not cause.
     */
    @org.junit.jupiter.api.AfterEach
    void letRunsStartedByTheFuzzEnd() {
        TableChecksums.of(jdbc);
    }

    /** Query parameters of the endpoints that take them as a map (OGC items, exports). */
    private static final List<String> MAP_PARAMS = List.of("limit", "bbox", "bbox-crs", "crs", "sortby", "after",
            "before", "filter", "filter-lang", "filter-crs", "f", "properties", "datetime", "scenario", "format");

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Hostile values, already percent-encoded for a URL (so that NUL and invalid UTF-8 go as raw bytes). */
    static List<String> urlValues() {
        List<String> v = new ArrayList<>(List.of(
                "%00", "a%00b", "%C3%28", "%FF%FE%FD", "%ED%A0%80",
                "1".repeat(2000), "99999999999999999999999999999", "-9223372036854775809", "1e308", "-1e400",
                "NaN", "Infinity", "-0", "0x10",
                "%5B".repeat(3000), "%7B%22a%22%3A".repeat(600),
                "%27%3B%20DROP%20TABLE%20parcel%3B--",
                b64("{\"i\":123456789012345678901234567890,\"k\":null,\"s\":\"\"}"),
                b64("{\"i\":1,\"k\":1e30,\"s\":\"\"}"),
                b64("{\"i\":1,\"k\":1e999,\"s\":\"\"}"),
                b64("{\"i\":1e30,\"k\":null,\"s\":\"\"}"),
                b64("{\"i\":1,\"k\":" + "1".repeat(500) + ",\"s\":\"\"}"),
                b64("[".repeat(5000)),
                "%25%25notbase64%21"));
        return v;
    }

    /** Hostile JSON bodies, as bytes. */
    static List<byte[]> bodies() {
        List<String> s = List.of(
                "[".repeat(100_000) + "]".repeat(100_000),
                "{\"geometry\":" + "[".repeat(600) + "]".repeat(600) + "}",
                "{\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + "1".repeat(2000) + ",1]}}",
                "{\"geometry\":{\"type\":\"Point\",\"coordinates\":[1e999,1]},\"limit\":1e30}",
                "{\"limit\":123456789012345678901234567890,\"name\":\"x\",\"weights\":{\"gp\":1e308,\"school\":1e308}}",
                "{\"name\":\"a\\u0000b\",\"slug\":\"a\\u0000b\",\"weights\":{\"gp\":-1}}",
                "{\"a\":\"" + "x".repeat(200_000) + "\"}",
                "{\"truncated\": [1, 2",
                "123456789012345678901234567890",
                "null");
        List<byte[]> b = new ArrayList<>(s.stream().map(x -> x.getBytes(StandardCharsets.UTF_8)).toList());
        b.add(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        b.add(new byte[] {'{', '"', 'a', '"', ':', '"', 0, '"', '}'});
        return b;
    }

    record Endpoint(String method, String pattern, List<String> pathVars, List<String> params, boolean body) {
    }

    List<Endpoint> endpoints() {
        List<Endpoint> out = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = e.getKey();
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            List<String> verbs = methods.isEmpty() ? List.of("GET", "POST") : methods.stream().map(Enum::name).toList();
            List<String> pathVars = new ArrayList<>();
            Set<String> params = new LinkedHashSet<>();
            boolean body = false;
            for (MethodParameter mp : e.getValue().getMethodParameters()) {
                Parameter p = mp.getParameter();
                if (p.isAnnotationPresent(PathVariable.class)) {
                    PathVariable a = p.getAnnotation(PathVariable.class);
                    pathVars.add(!a.name().isEmpty() ? a.name() : !a.value().isEmpty() ? a.value() : p.getName());
                } else if (p.isAnnotationPresent(RequestParam.class)) {
                    RequestParam a = p.getAnnotation(RequestParam.class);
                    if (MultiValueMap.class.isAssignableFrom(p.getType()) || Map.class.isAssignableFrom(p.getType())) {
                        params.addAll(MAP_PARAMS);
                    } else {
                        params.add(!a.name().isEmpty() ? a.name() : !a.value().isEmpty() ? a.value() : p.getName());
                    }
                } else if (p.isAnnotationPresent(RequestBody.class)) {
                    body = true;
                }
            }
            for (String pattern : info.getPatternValues()) {
                for (String verb : verbs) {
                    out.add(new Endpoint(verb, pattern, pathVars, List.copyOf(params), body));
                }
            }
        }
        return out;
    }

    private static final Pattern VAR = Pattern.compile("\\{([^}/:*]+)(:[^}]*)?\\}|\\{\\*([^}]+)\\}");

    /** A plausible value for a path variable that is not the one under test. */
    private static String plausible(String name) {
        return switch (name) {
            case "layer" -> "parcels";
            case "collectionId", "collection" -> "parcels";
            case "slug", "scenario" -> "default";
            case "z", "x", "y" -> "0";
            default -> "1";
        };
    }

    private static String path(String pattern, String target, String value) {
        Matcher m = VAR.matcher(pattern);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(3);
            m.appendReplacement(b, Matcher.quoteReplacement(name.equals(target) ? value : plausible(name)));
        }
        m.appendTail(b);
        return b.toString();
    }

    private final List<String> failures = new ArrayList<>();
    private int sent;

    private void check(String what, Http.Response r) {
        sent++;
        if (r.status() >= 500) {
            failures.add(what + " -> " + r.status() + " " + r.body().substring(0, Math.min(200, r.body().length())));
        } else if (r.status() >= 400 && r.status() != 405 && !r.contentType().startsWith("application/problem+json")) {
            failures.add(what + " -> " + r.status() + " as " + r.contentType());
        } else if (r.status() >= 400 && (r.body().contains("Exception") || r.body().contains("at org.")
                || r.body().contains("StreamReadConstraints") || r.body().contains("jackson"))) {
            failures.add(what + " -> " + r.status() + " leaks internals: " + r.body());
        }
    }

    private Http.Response send(String method, String path, byte[] body) {
        Http h = Http.request(port, method, path).basic("admin", "admin");
        if (body != null) {
            h.body("application/json", HttpRequest.BodyPublishers.ofByteArray(body));
        }
        try {
            return h.send();
        } catch (RuntimeException e) {
            // the client refused to send it (e.g. an URL it considers invalid): nothing reached the server
            return new Http.Response(400, Map.of("Content-Type", List.of("application/problem+json")), "", 0);
        }
    }

    @Test
    void hostileValuesInEveryParameterOfEveryEndpointGetOnly4xxProblemsNever500() {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).as("endpoints found by the handler mapping").hasSizeGreaterThan(20);
        for (Endpoint ep : endpoints) {
            if (ep.pattern().equals("/error")) {
                continue; // fuzzed below as the plain request it is
            }
            String base = path(ep.pattern(), "", "");
            for (String value : urlValues()) {
                for (String var : ep.pathVars()) {
                    String p = path(ep.pattern(), var, value);
                    check(ep.method() + " " + p, send(ep.method(), p, ep.body() ? "{}".getBytes() : null));
                }
                for (String param : ep.params()) {
                    String p = base + "?" + param + "=" + value;
                    check(ep.method() + " " + p.substring(0, Math.min(p.length(), 120)),
                            send(ep.method(), p, ep.body() ? "{}".getBytes() : null));
                }
            }
            if (ep.body()) {
                int i = 0;
                for (byte[] body : bodies()) {
                    check(ep.method() + " " + base + " body #" + i++, send(ep.method(), base, body));
                }
            }
        }
        System.out.println("EndpointFuzzIT: " + sent + " hostile requests to " + endpoints.size() + " endpoint methods");
        assertThat(failures).as("answers of " + sent + " hostile requests").isEmpty();
    }

    @Test
    void plainGetOfTheErrorPageIsA404Problem() {
        Http.Response r = Http.request(port, "GET", "/error").send();
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    private Http.Response multipart(byte[] body, String boundary) {
        return Http.request(port, "POST", "/api/layers/amenities/loads").basic("editor", "editor")
                .body("multipart/form-data; boundary=" + boundary, HttpRequest.BodyPublishers.ofByteArray(body)).send();
    }

    @Test
    void nulByteInAMultipartFileNameIsHandledAsAPlainName() {
        String boundary = "b0undary";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\u0000b.geojson\"\r\n"
                + "Content-Type: application/json\r\n\r\n{\"type\":\"FeatureCollection\",\"features\":[]}\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Http.Response r = multipart(body, boundary);
        assertThat(r.status()).as(r.body()).isBetween(400, 499);
        assertThat(r.contentType()).startsWith("application/problem+json");
        Leaks.assertNoInternals(r, "NUL file name");
    }

    @Test
    void truncatedMultipartBodyIsA400Problem() {
        String boundary = "b0undary";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.geojson\"\r\n"
                + "Content-Type: application/json\r\n\r\n{\"type\":\"Feature").getBytes(StandardCharsets.UTF_8);
        Http.Response r = multipart(body, boundary);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body()).contains("truncated or malformed");
    }
}
