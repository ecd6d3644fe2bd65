package io.ontobridge.deploy.e2e;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;

/**
 * One {@link ItStack} (broker and registry) for all tests of a class:
 * {@code @RegisterExtension static final SharedStack stack = new SharedStack(WORK);}.
 */
final class SharedStack implements BeforeAllCallback, AfterAllCallback {
    private final Path work;
    private ItStack stack;

    SharedStack(Path work) {
        this.work = work;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        stack = ItStack.start(work);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    String bootstrap() {
        return stack.bootstrap();
    }

    String registryUrl() {
        return stack.registryUrl();
    }
}
