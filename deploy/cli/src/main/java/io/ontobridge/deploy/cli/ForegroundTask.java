package io.ontobridge.deploy.cli;

import java.util.concurrent.CountDownLatch;

/** Runs a subscriber (tail, webhook) in the foreground until it ends or the process is interrupted (Ctrl-C). */
final class ForegroundTask {
    private ForegroundTask() {
    }

    static void runUntilInterrupted(Runnable service, Runnable stop) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.run();
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            service.run();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }
}
