package io.ontobridge.deploy.cli;

import io.ontobridge.platform.kafka.DeadLetters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./ontobridge COMMAND}: the one entry point to every service and tool. */
@Command(name = "ontobridge", mixinStandardHelpOptions = true, version = "ontobridge 0.1.0",
        description = "Carries a concept found in one model across to another, continuously, over Kafka.",
        subcommands = {DemoCommand.class, BenchCommand.class, UpCommand.class, GenerateCommand.class, InferCommand.class,
                TrainCommand.class, MonitorCommand.class, TailCommand.class, StatusCommand.class, AnnounceCommand.class, ReviewCommand.class, DashboardCommand.class, ExportCommand.class, WebhookCommand.class, ZooCommand.class,
                CommandLine.HelpCommand.class})
public final class OntobridgeCli {
    private static final Logger log = LoggerFactory.getLogger(OntobridgeCli.class);

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new OntobridgeCli());
        // A failure is one line naming what is wrong; the stack trace goes to the log at debug level.
        cli.setExecutionExceptionHandler((error, command, parsed) -> {
            log.debug("{} failed", command.getCommandName(), error);
            command.getErr().println("error: " + DeadLetters.describe(error));
            return 1;
        });
        return cli.execute(args);
    }
}
