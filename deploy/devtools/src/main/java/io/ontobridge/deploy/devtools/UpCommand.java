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
                "Prints bootstrap=HOST:PORT and registry=URL once both answer. Fresh data and ports on every start, unless",
                "--keep; a work folder a running stack (up, demo, bench) uses is refused."})
final class UpCommand implements Callable<Integer> {
    @Option(names = "--work-dir", paramLabel = "DIR", description = "Work folder: the broker's data and the registry's go to DIR/stack, the services' local state to DIR/streams (default: .ontobridge in the Ontobridge folder)")
    Path workDir;

    @Option(names = "--keep", description = "Restart the stack that last ran in the work folder (up, demo or bench) on its ports, with its topics, schemas and the services' local state")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        Path work = workDir != null ? workDir : ConceptOptions.home().resolve(".ontobridge");
        CountDownLatch stopped = new CountDownLatch(1);
        // Starting takes the work folder's lock: nothing below is touched while another stack uses it.
        try (LocalStack stack = LocalStack.start(work.resolve("stack"), LocalStack.DEFAULT_TIMEOUT, keep)) {
            if (!keep) {
                // A fresh cluster: local Streams state kept from an earlier cluster would not match it.
                LocalStack.deleteTree(work.resolve("streams"));
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stack.close();
                stopped.countDown();
            }, "shutdown"));
            System.out.println("bootstrap=" + stack.bootstrap());
            System.out.println("registry=" + stack.registryUrl());
            System.out.println("(Ctrl-C stops both; `./ontobridge up --keep" + (workDir == null ? "" : " --work-dir " + workDir)
                    + "` restarts them with their data)");
            System.out.flush();
            stopped.await();
        }
        return 0;
    }
}
