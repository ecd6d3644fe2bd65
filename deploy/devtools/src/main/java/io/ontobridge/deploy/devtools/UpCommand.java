package io.ontobridge.deploy.devtools;

import io.ontobridge.deploy.cli.ConceptOptions;
import io.ontobridge.deploy.stack.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start a local Kafka broker (KRaft) and schema registry on 127.0.0.1 and keep them up until Ctrl-C.",
                "Prints bootstrap=HOST:PORT and registry=URL once both answer. The data is fresh on every start."})
final class UpCommand implements Callable<Integer> {
    @Option(names = "--work-dir", paramLabel = "DIR", description = "Work folder: the broker's data and the registry's log go to DIR/stack (default: .ontobridge in the Ontobridge folder)")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        Path work = workDir != null ? workDir : ConceptOptions.home().resolve(".ontobridge");
        // A fresh cluster: local Streams state kept from an earlier cluster would not match it.
        DemoCommand.deleteTree(work.resolve("streams"));
        CountDownLatch stopped = new CountDownLatch(1);
        try (LocalStack stack = LocalStack.start(work.resolve("stack"))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stack.close();
                stopped.countDown();
            }, "shutdown"));
            System.out.println("bootstrap=" + stack.bootstrap());
            System.out.println("registry=" + stack.registryUrl());
            System.out.println("(Ctrl-C stops both)");
            System.out.flush();
            stopped.await();
        }
        return 0;
    }
}
