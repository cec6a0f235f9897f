package nl.infill.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import okhttp3.Call;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The harvester's HTTP client: OkHttp, with no proxy (a proxy would resolve names itself, past
 * the checks), no automatic redirects (each one is checked here as the first URL was) and a
 * {@link Dns} that answers only with the addresses {@link HarvestGuard#resolve} accepted for the
 * host in this session, so every connection goes to a checked address (DNS pinning). One session
 * per harvest; the sessions share the connection pool.
 */
final class HarvestHttp {

    /** A request that failed before an answer could be read: what happened, for the user. */
    static final class Failure extends Exception {
        private final boolean timeout;

        Failure(String message, boolean timeout, Throwable cause) {
            super(message, cause);
            this.timeout = timeout;
        }

        boolean timeout() {
            return timeout;
        }
    }

    /** A page body that grew past its limit. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("larger than " + limit + " bytes");
        }
    }

    /**
     * An answer (after redirects) whose body is still to be read; {@code url} is where it came
     * from. Close it to give the connection back.
     */
    record Answer(HttpUrl url, int status, String contentType, String contentCrs, InputStream body, Response raw)
            implements AutoCloseable {

        /** The first characters of the body as one line, for a message about a failed request. */
        String snippet(int max) {
            try {
                byte[] head = body.readNBytes(max);
                String s = new String(head, java.nio.charset.StandardCharsets.UTF_8).replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
                return s.isEmpty() ? "" : " (body: " + s + (head.length == max ? "..." : "") + ")";
            } catch (IOException e) {
                return "";
            }
        }

        @Override
        public void close() {
            raw.close();
        }
    }

    private final OkHttpClient base;
    private final HarvestGuard guard;
    private final int maxRedirects;
    private final String userAgent;

    HarvestHttp(HarvestGuard guard, HarvestProperties props) {
        this.guard = guard;
        this.maxRedirects = props.maxRedirects();
        this.userAgent = props.userAgent();
        this.base = new OkHttpClient.Builder()
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .connectTimeout(props.connectTimeout())
                .readTimeout(props.readTimeout())
                .writeTimeout(props.readTimeout())
                .build();
    }

    HarvestGuard guard() {
        return guard;
    }

    Session session() {
        return new Session();
    }

    /** The hosts one harvest has resolved, pinned to the addresses that passed the check. */
    final class Session {
        private final Map<String, List<InetAddress>> pins = new ConcurrentHashMap<>();
        private final OkHttpClient client;

        private Session() {
            Dns pinned = hostname -> {
                List<InetAddress> a = pins.get(hostname.toLowerCase(Locale.ROOT));
                if (a == null) {
                    // never reached for a checked URL: a host is pinned before its first request
                    throw new UnknownHostException(hostname + " was not checked by the harvest guard");
                }
                return a;
            };
            this.client = base.newBuilder().dns(pinned).build();
        }

        HarvestGuard guard() {
            return guard;
        }

        /**
         * GETs {@code url}, following at most {@code infill.harvest.max-redirects} redirects, each
         * checked by the guard; the body is cut off with {@link TooLarge} past {@code maxBytes}.
         * Everything, answer body included, must be done within {@code timeout}.
         *
         * @throws HarvestGuard.Refused when the URL, a redirect or an address is refused
         * @throws Failure              when no answer could be had (connection, timeout, redirects)
         */
        Answer get(HttpUrl url, String accept, long maxBytes, Duration timeout) throws Failure {
            HttpUrl current = url;
            long deadline = System.nanoTime() + timeout.toNanos();
            for (int hop = 0; ; hop++) {
                guard.check(current);
                pins.computeIfAbsent(current.host().toLowerCase(Locale.ROOT), guard::resolve);
                Request request = new Request.Builder().url(current).header("Accept", accept)
                        .header("User-Agent", userAgent).build();
                Call call = client.newCall(request);
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new Failure("no time left (infill.harvest.max-duration)", true, null);
                }
                call.timeout().timeout(left, TimeUnit.NANOSECONDS);
                Response r;
                try {
                    r = call.execute();
                } catch (IOException e) {
                    boolean timedOut = e instanceof java.io.InterruptedIOException;
                    throw new Failure((timedOut ? "timed out: " : "request failed: ") + describe(e), timedOut, e);
                }
                if (r.isRedirect()) {
                    String location = r.header("Location");
                    r.close();
                    HttpUrl next = location == null ? null : current.resolve(location);
                    if (next == null) {
                        throw new Failure("HTTP " + r.code() + " redirect without a usable Location", false, null);
                    }
                    if (hop >= maxRedirects) {
                        throw new Failure("more than " + maxRedirects + " redirects (infill.harvest.max-redirects)",
                                false, null);
                    }
                    current = next;
                    continue;
                }
                ResponseBody body = r.body();
                return new Answer(current, r.code(), r.header("Content-Type"), r.header("Content-Crs"),
                        new Limited(body.byteStream(), maxBytes), r);
            }
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }

    /** A body stream that refuses to give more than {@code limit} bytes. */
    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long count;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0 && ++count > limit) {
                throw new TooLarge(limit);
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                if (count > limit) {
                    throw new TooLarge(limit);
                }
            }
            return n;
        }
    }
}
