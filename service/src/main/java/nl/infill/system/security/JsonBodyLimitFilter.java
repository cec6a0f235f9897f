package nl.infill.system.security;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses JSON bodies over {@code infill.security.max-json-body} with 413, before anything parses
 * them. A declared Content-Length over the limit is refused at once; a chunked body is counted
 * while it is read and cut off at the limit (the parser then fails and the request ends as 413).
 * Multipart uploads are limited by {@code spring.servlet.multipart.*} instead.
 */
final class JsonBodyLimitFilter extends OncePerRequestFilter {

    /** Request attribute the error path reads to answer 413 when a parser failed at the cut-off. */
    static final String EXCEEDED = "infill.body-too-large";

    private final long max;

    JsonBodyLimitFilter(long max) {
        this.max = max;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return type == null || !type.toLowerCase().contains("json");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > max) {
            tooLarge(response);
            return;
        }
        var counted = new CountingRequest(request, max);
        chain.doFilter(counted, response);
        if (Boolean.TRUE.equals(request.getAttribute(EXCEEDED)) && !response.isCommitted()) {
            response.resetBuffer();
            tooLarge(response);
        }
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        ProblemWriter.write(response, 413, "Content too large",
                "The JSON body is larger than the limit of " + max + " bytes.", Map.of("where", "body"));
    }

    private static final class CountingRequest extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream stream;

        CountingRequest(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                HttpServletRequest req = (HttpServletRequest) getRequest();
                stream = new ServletInputStream() {
                    long count;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = in.read(buf, off, len);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws IOException {
                        count += n;
                        if (count > max) {
                            req.setAttribute(EXCEEDED, Boolean.TRUE);
                            throw new IOException("JSON body larger than " + max + " bytes");
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
