package nl.infill.system.schema;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Start-up with a database of an older checkout ends with what happened and what to do, printed
 * by Spring Boot as "APPLICATION FAILED TO START" without a stack trace (registered in
 * META-INF/spring.factories).
 */
public class OutdatedSchemaHistoryFailureAnalyzer extends AbstractFailureAnalyzer<OutdatedSchemaHistoryException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, OutdatedSchemaHistoryException cause) {
        return new FailureAnalysis(OutdatedSchemaHistoryException.description(cause.database(), cause.problems()),
                OutdatedSchemaHistoryException.action(cause.database()), cause);
    }
}
