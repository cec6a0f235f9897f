package nl.infill.analysis;

import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * The analysis feature's own executor: runs must not queue behind (or starve) other features' async
 * work, and two threads suit a machine where a run keeps one database core busy.
 */
@Component
class AnalysisExecutor implements org.springframework.beans.factory.DisposableBean {

    private final ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();

    AnalysisExecutor() {
        executor.setCorePoolSize(2);
        executor.setMaxPoolSize(2);
        executor.setQueueCapacity(100);
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
