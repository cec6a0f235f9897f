package nl.infill.ingest;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of harvesting layers from OGC API - Features servers ({@code infill.harvest.*}, defaults
 * in {@code config/ingest.yml}, documented in docs/ingest.md "Harvesting"). Harvesting sends requests
 * to a URL a user chose, so every limit here is also a defence (docs/security.md, SSRF).
 *
 * @param allowedHosts     host names the harvester may contact (exact, or {@code *.example.nl} for
 *                         every subdomain; an IP literal matches itself); default PDOK's
 *                         {@code api.pdok.nl} and {@code service.pdok.nl}. Redirects and {@code next}
 *                         links are held to the same list
 * @param allowPrivate     address ranges (CIDR, e.g. {@code 10.20.0.0/16}; a bare address is one
 *                         address) that may be contacted although they are private, loopback,
 *                         link-local or otherwise not public; default none. Multicast, broadcast and
 *                         unspecified addresses are never contacted
 * @param pageLimit        features asked for per page ({@code limit}; count, default 1000, PDOK's
 *                         maximum); a server may send fewer
 * @param maxPageBytes     largest page body, after decompression (bytes, default 64MB)
 * @param maxDocumentBytes largest collection document (bytes, default 4MB)
 * @param maxFeatures      most features one harvest may read (count, default 2,000,000)
 * @param maxPages         most pages one harvest may fetch (count, default 20,000): a server whose
 *                         {@code next} links never end is stopped here
 * @param maxDuration      longest a harvest may take from its first request to its last page
 *                         (duration, default 2h)
 * @param connectTimeout   TCP and TLS connect timeout per request (duration, default 10s)
 * @param readTimeout      longest silence while reading an answer (duration, default 60s)
 * @param maxRedirects     redirects followed per request (count, default 5), each checked as the
 *                         first URL was
 * @param maxConcurrent    harvests the service runs at the same time (count, default 2); one more
 *                         is answered 503 with Retry-After
 * @param preferWaitMax    the most a client may ask to wait with {@code Prefer: wait=N} (duration,
 *                         default 60s)
 * @param progressInterval how often a running harvest writes its progress (duration, default 1s)
 * @param userAgent        the {@code User-Agent} header of every request
 */
@Validated
@ConfigurationProperties("infill.harvest")
record HarvestProperties(
        @NotNull @DefaultValue({"api.pdok.nl", "service.pdok.nl"}) List<String> allowedHosts,
        @NotNull @DefaultValue({}) List<String> allowPrivate,
        @Min(1) @Max(100_000) @DefaultValue("1000") int pageLimit,
        @NotNull @DefaultValue("64MB") DataSize maxPageBytes,
        @NotNull @DefaultValue("4MB") DataSize maxDocumentBytes,
        @Min(1) @DefaultValue("2000000") long maxFeatures,
        @Min(1) @DefaultValue("20000") int maxPages,
        @NotNull @DefaultValue("2h") Duration maxDuration,
        @NotNull @DefaultValue("10s") Duration connectTimeout,
        @NotNull @DefaultValue("60s") Duration readTimeout,
        @Min(0) @Max(20) @DefaultValue("5") int maxRedirects,
        @Min(1) @DefaultValue("2") int maxConcurrent,
        @NotNull @DefaultValue("60s") Duration preferWaitMax,
        @NotNull @DefaultValue("1s") Duration progressInterval,
        @NotNull @DefaultValue("Infill-harvester/0.1 (OGC API - Features client)") String userAgent) {
}
