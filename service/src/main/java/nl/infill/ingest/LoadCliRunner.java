package nl.infill.ingest;

import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/** Runs {@link LoadCommand} when started with {@code --infill.cli=load}, then exits with its code. */
@Component
@ConditionalOnProperty(name = "infill.cli", havingValue = "load")
class LoadCliRunner implements ApplicationRunner {

    private final LoadCommand command;
    private final ConfigurableApplicationContext context;

    LoadCliRunner(LoadCommand command, ConfigurableApplicationContext context) {
        this.command = command;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        // ./infill says whether stderr is a terminal: the JVM cannot tell (System.console() is about stdout).
        int code = command.run(List.of(args.getSourceArgs()), System.out, System.err,
                "1".equals(System.getenv("INFILL_STDERR_TTY")));
        System.exit(SpringApplication.exit(context, () -> code));
    }
}
