package io.ontobridge.deploy.stack;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * The registry JVM's entry point: runs the registry's own main class, and exits when the standard input reaches
 * its end. The parent holds the other end of that pipe and never writes to it; the OS closes it when the parent
 * dies by any means, SIGKILL included, so the registry never outlives the stack that started it.
 *
 * <p>Usage: {@code java -cp THIS:REGISTRY_JAR io.ontobridge.deploy.stack.ExitWithParent MAIN_CLASS [ARGS...]}.
 * Only this class is loaded from THIS; everything else comes from the registry's own class path.
 */
public final class ExitWithParent {
    /** How long the registry's shutdown hooks get before the JVM halts anyway. */
    private static final long SHUTDOWN_GRACE_MS = 10_000;

    private ExitWithParent() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ExitWithParent MAIN_CLASS [ARGS...]");
        }
        Thread watch = new Thread(ExitWithParent::exitAtEndOfInput, "ontobridge-exit-with-parent");
        watch.setDaemon(true);
        watch.start();
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void exitAtEndOfInput() {
        try {
            while (System.in.read() != -1) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException closed) {
            // a broken pipe is the same news: the parent is gone
        }
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(SHUTDOWN_GRACE_MS);
            } catch (InterruptedException ignored) {
                // halt now
            }
            Runtime.getRuntime().halt(1);
        }, "ontobridge-exit-with-parent-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(0); // the registry's shutdown hooks run: its storage is closed cleanly
    }
}
