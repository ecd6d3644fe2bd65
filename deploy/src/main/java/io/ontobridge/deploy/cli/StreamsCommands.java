package io.ontobridge.deploy.cli;

import io.ontobridge.streams.StreamsService;

/** Runs a Streams service in the foreground; Ctrl-C closes it cleanly. */
final class StreamsCommands {
    private StreamsCommands() {
    }

    static int runUntilInterrupted(StreamsService service) throws InterruptedException {
        Thread hook = new Thread(service::close, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        service.start();
        service.awaitStop();
        return 0;
    }
}
