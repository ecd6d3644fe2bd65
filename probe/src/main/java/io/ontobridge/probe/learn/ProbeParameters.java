package io.ontobridge.probe.learn;

import java.util.List;

/**
 * Everything a probe computes with, so that anyone can compute the same prediction outside the trainer:
 * {@code z_i = clip((x_i - inputMean_i) * inputInvStd_i, +-inputClip)}; then for each layer
 * {@code h = h . weights + bias} (row-major {@code fanIn x fanOut}), with ReLU after every layer but the last, whose
 * one output is {@code o}; the prediction is {@code outputMean + outputScale * o}, or {@code sigmoid(o)} for a
 * logistic probe. Before anything is learned a regression probe predicts 0 (its output scale is then 0).
 */
public record ProbeParameters(float[] inputMean, float[] inputInvStd, double inputClip, List<Layer> layers,
                              double outputMean, double outputScale, boolean sigmoid) {

    /** One dense layer: {@code weights} row-major, {@code fanIn x fanOut}. */
    public record Layer(int fanIn, int fanOut, float[] weights, float[] bias) {
    }

    /** The number of weights and biases. */
    public long count() {
        return layers.stream().mapToLong(l -> (long) l.fanIn() * l.fanOut() + l.fanOut()).sum();
    }

    /** The prediction for raw activations {@code x}, by the formula above. */
    public double predict(float[] x) {
        double[] h = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            h[i] = inputInvStd[i] == 0f ? 0.0
                    : Math.max(-inputClip, Math.min(inputClip, (x[i] - inputMean[i]) * (double) inputInvStd[i]));
        }
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            double[] a = new double[layer.fanOut()];
            for (int j = 0; j < a.length; j++) a[j] = layer.bias()[j];
            for (int i = 0; i < layer.fanIn(); i++) {
                for (int j = 0; j < a.length; j++) a[j] += h[i] * layer.weights()[i * layer.fanOut() + j];
            }
            if (l < layers.size() - 1) for (int j = 0; j < a.length; j++) a[j] = Math.max(0.0, a[j]);
            h = a;
        }
        return sigmoid ? Network.sigmoid(h[0]) : outputMean + outputScale * h[0];
    }
}
