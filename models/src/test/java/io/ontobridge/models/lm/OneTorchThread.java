package io.ontobridge.models.lm;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class's tiny language models on one PyTorch intra-op thread, then restores the engine's count.
 * Their operations are small: a second thread gains nothing, and on a busy 2-core machine every operation
 * waited for it (the same tests ran 5-10x slower with two threads).
 */
public final class OneTorchThread implements BeforeAllCallback, AfterAllCallback {
    private int before;

    @Override
    public void beforeAll(ExtensionContext context) {
        Engine.getEngine("PyTorch"); // loads the native library
        before = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        JniUtils.setNumThreads(before);
    }
}
