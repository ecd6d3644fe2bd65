package io.ontobridge.platform.service;

/** Runs a service in the foreground until it ends or the process is asked to stop (Ctrl-C, SIGTERM). */
public final class ServiceRunner {
    private ServiceRunner() {
    }

    /** Starts {@code service}, stops it cleanly on shutdown, and returns when it has stopped (rethrowing its failure). */
    public static void runInForeground(Service service) throws InterruptedException {
        Thread hook = new Thread(service::close, "shutdown-" + service.name());
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            service.start();
            service.awaitStop();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is closing the service
            }
            service.close();
        }
    }
}
