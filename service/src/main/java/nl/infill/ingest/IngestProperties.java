package nl.infill.ingest;

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
 */
@Validated
@ConfigurationProperties("infill.ingest")
record IngestProperties(
        @NotNull @DefaultValue("512MB") DataSize maxFileSize,
        @Min(0) @DefaultValue("100") int maxReportedRejections) {
}
