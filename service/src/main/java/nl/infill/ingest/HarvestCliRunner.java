package nl.infill.ingest;

import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Runs {@link HarvestCommand} when started with {@code --infill.cli=harvest}, then exits with its
 * code. {@code ./infill} sets {@code INFILL_STDERR_TTY=1} when stderr is a terminal (the JVM cannot
 * tell by itself), which turns the progress line on.
 */
@Component
@ConditionalOnProperty(name = "infill.cli", havingValue = "harvest")
class HarvestCliRunner implements ApplicationRunner {

    private final HarvestCommand command;
    private final ConfigurableApplicationContext context;

    HarvestCliRunner(HarvestCommand command, ConfigurableApplicationContext context) {
        this.command = command;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        int code = command.run(List.of(args.getSourceArgs()), System.out, System.err,
                "1".equals(System.getenv("INFILL_STDERR_TTY")));
        System.exit(SpringApplication.exit(context, () -> code));
    }
}
