package io.ontobridge.deploy.stack;

import java.nio.file.Path;

/**
 * A JVM of its own that starts a local stack on {@code args[0]}, prints {@code bootstrap=} and {@code registry=}
 * like {@code up}, and runs until killed (or until its stdin closes, so a failed test leaves no stack behind).
 */
public final class StackInChildJvm {
    private StackInChildJvm() {
    }

    public static void main(String[] args) throws Exception {
        LocalStack stack = LocalStack.start(Path.of(args[0]));
        System.out.println("bootstrap=" + stack.bootstrap());
        System.out.println("registry=" + stack.registryUrl());
        System.out.flush();
        while (System.in.read() != -1) {
            // wait for the test to go away
        }
        stack.close();
        System.exit(0);
    }
}
