package nl.infill.analysis;

import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * The analysis feature's own executor: runs must not queue behind (or starve) other features' async
 * work; one thread per run slot ({@code infill.analysis.runs.slots}, two by default, which suits a machine
 * where a run keeps one database core busy).
 */
@Component
class AnalysisExecutor implements org.springframework.beans.factory.DisposableBean {

    private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

    AnalysisExecutor(AnalysisProperties props) {
        // one thread per run slot: a run is only handed over with a slot, so none waits here
        executor.setCorePoolSize(props.runs().slots());
        executor.setMaxPoolSize(props.runs().slots());
        executor.setQueueCapacity(props.runs().slots());
        executor.setThreadNamePrefix("analysis-run-");
        executor.setWaitForTasksToCompleteOnShutdown(false);
        executor.initialize();
    }

    TaskExecutor executor() {
        return executor;
    }

    @Override
    public void destroy() {
        executor.shutdown();
    }
}
