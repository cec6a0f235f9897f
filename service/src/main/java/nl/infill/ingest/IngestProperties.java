package nl.infill.ingest;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of layer loading ({@code infill.ingest.*}, defaults in {@code config/ingest.yml}).
 *
 * @param maxFileSize           largest uploaded file (bytes, e.g. {@code 512MB}; default 512 MB);
 *                              also the servlet multipart limit, so bigger uploads get 413
 * @param maxReportedRejections how many rejected features a report lists with index and reason
 *                              (count; default 100); all rejections are counted regardless
 * @param bulkSwapRows          from this many staged features on (count; default 20000) a load
 *                              truncates the layer and builds each of its indexes once after the
 *                              insert instead of deleting and updating them row by
 *                              row: several times faster, but readers of the layer wait from the
 *                              truncate to the commit (about 5 s for a million features)
 * @param maxFeatures           most features one load may read from its file (count; default
 *                              5,000,000); one more fails the load with a 413 problem
 * @param maxStagedBytes        most bytes one load may write to its staging table (geometry and
 *                              attributes, e.g. {@code 4GB}; default 4 GB); more fails the load
 *                              with a 413 problem before the database's disk fills
 * @param maxDuration           longest one load may take, reading the file and every statement
 *                              of its transaction (duration; default 30m); a longer one is stopped,
 *                              fails with a 422 problem and changes nothing
 * @param maxTextLength         longest text attribute value a feature may carry (characters;
 *                              default 1000); a longer one rejects that feature with its index
 * @param maxVertices           most vertices one feature's geometry may have (count; default
 *                              100,000); more rejects that feature with its index
 */
@Validated
@ConfigurationProperties("infill.ingest")
record IngestProperties(
        @NotNull @DefaultValue("512MB") DataSize maxFileSize,
        @Min(0) @DefaultValue("100") int maxReportedRejections,
        @Min(1) @DefaultValue("20000") int bulkSwapRows,
        @NotNull @DefaultValue("2s") Duration failureRetryInterval,
        @NotNull @DefaultValue("30m") Duration failureRetryTimeout,
        @Min(1) @DefaultValue("5000000") long maxFeatures,
        @NotNull @DefaultValue("4GB") DataSize maxStagedBytes,
        @NotNull @DefaultValue("30m") Duration maxDuration,
        @Min(1) @DefaultValue("1000") int maxTextLength,
        @Min(4) @DefaultValue("100000") int maxVertices) {
}
