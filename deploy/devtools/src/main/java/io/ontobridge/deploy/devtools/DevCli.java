package io.ontobridge.deploy.devtools;

import io.ontobridge.deploy.cli.OntobridgeCli;
import picocli.CommandLine;

/**
 * {@code ./ontobridge COMMAND}: the deployment's command line ({@link OntobridgeCli}) plus the development tools:
 * {@code demo}, {@code bench}, {@code up} (a local broker and registry) and the zoo's training commands.
 */
public final class DevCli {
    private DevCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cli = OntobridgeCli.commandLine(new DemoCommand(), new ValidateCommand(), new BenchCommand(), new UpCommand());
        CommandLine zoo = cli.getSubcommands().get("zoo");
        for (Object training : ZooTrainingCommands.all()) {
            zoo.addSubcommand(training);
        }
        return cli;
    }
}
