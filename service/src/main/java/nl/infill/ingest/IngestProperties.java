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
 * @param bulkSwapRows          from this many usable features on (count; default 100000) the swap
 *                              truncates the layer and rebuilds its spatial index once instead of
 *                              deleting and updating the index row by row: much faster, but readers
 *                              of the layer wait for the seconds of the swap
 */
@Validated
@ConfigurationProperties("infill.ingest")
record IngestProperties(
        @NotNull @DefaultValue("512MB") DataSize maxFileSize,
        @Min(0) @DefaultValue("100") int maxReportedRejections,
        @Min(1) @DefaultValue("100000") int bulkSwapRows,
        @NotNull @DefaultValue("2s") Duration failureRetryInterval,
        @NotNull @DefaultValue("30m") Duration failureRetryTimeout) {
}
