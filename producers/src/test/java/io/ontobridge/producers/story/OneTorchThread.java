package io.ontobridge.producers.story;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class's tiny language model on one PyTorch intra-op thread, then restores the engine's count (as
 * models' own OneTorchThread: on a busy 2-core machine a second thread only makes every small operation wait).
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
