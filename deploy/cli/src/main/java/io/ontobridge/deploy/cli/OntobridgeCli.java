package io.ontobridge.deploy.cli;

import io.ontobridge.platform.kafka.DeadLetters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.util.List;

/**
 * {@code ontobridge COMMAND}: the services, the subscribers and the model tools a deployment needs. This is the
 * container image's entry point; the {@code ./ontobridge} launcher adds the development tools (demo, bench, the local
 * stack, zoo training) on top, see {@code io.ontobridge.deploy.devtools.DevCli}.
 */
@Command(name = "ontobridge", mixinStandardHelpOptions = true, version = "ontobridge 0.1.0",
        description = "Carries a concept found in one model across to another, continuously, over Kafka.")
public final class OntobridgeCli {
    private static final Logger log = LoggerFactory.getLogger(OntobridgeCli.class);

    /** The commands of a deployment, in the order {@code --help} lists them. */
    static List<Object> commands() {
        return List.of(new GenerateCommand(), new InferCommand(), new TrainCommand(), new MonitorCommand(),
                new TailCommand(), new StatusCommand(), new AnnounceCommand(), new ReviewCommand(),
                new DashboardCommand(), new ExportCommand(), new WebhookCommand(), new ZooCommand(), new LayersCommand());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The command line with {@code first} (more commands, listed before the deployment's own) and every
     * deployment command.
     */
    public static CommandLine commandLine(Object... first) {
        CommandLine cli = new CommandLine(new OntobridgeCli());
        for (Object command : first) {
            cli.addSubcommand(command);
        }
        for (Object command : commands()) {
            cli.addSubcommand(command);
        }
        cli.addSubcommand(new CommandLine.HelpCommand());
        // A failure is one line naming what is wrong; the stack trace goes to the log at debug level.
        cli.setExecutionExceptionHandler((error, command, parsed) -> {
            log.debug("{} failed", command.getCommandName(), error);
            command.getErr().println("error: " + DeadLetters.describe(error));
            return 1;
        });
        return cli;
    }
}
