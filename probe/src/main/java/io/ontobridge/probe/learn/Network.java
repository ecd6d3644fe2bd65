package io.ontobridge.probe.learn;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * An {@link MlpProbe}'s network: where each layer's weights and biases lie in the flat parameter vector, and its
 * maths in plain Java (float32 parameters, activations and sums in double): the initialization, the forward pass
 * of one sample and the gradient of a mini-batch's loss by backprop. Hidden layers {@code h = relu(h_prev W + b)},
 * a linear output unit.
 */
final class Network {
    /** Weight layers: hidden layers + 1. */
    final int layers;
    final int[] fanIn;
    final int[] fanOut;
    /** Offset of layer l's weights (fanIn x fanOut, row-major) in the parameters. */
    final int[] wOff;
    /** Offset of layer l's biases (fanOut) in the parameters. */
    final int[] bOff;
    final int params;

    Network(int dimension, List<Integer> hidden) {
        this.layers = hidden.size() + 1;
        this.fanIn = new int[layers];
        this.fanOut = new int[layers];
        this.wOff = new int[layers];
        this.bOff = new int[layers];
        int in = dimension, off = 0;
        for (int l = 0; l < layers; l++) {
            int out = l < hidden.size() ? hidden.get(l) : 1;
            fanIn[l] = in;
            fanOut[l] = out;
            wOff[l] = off;
            off += in * out;
            bOff[l] = off;
            off += out;
            in = out;
        }
        this.params = off;
    }

    /** He-normal hidden weights, Xavier-normal output weights (zeros for a linear model), zero biases. */
    void initialize(float[] theta, long seed) {
        if (layers == 1) return;
        Random r = new Random(seed);
        for (int l = 0; l < layers; l++) {
            double std = l < layers - 1
                    ? Math.sqrt(2.0 / fanIn[l])
                    : Math.sqrt(2.0 / (fanIn[l] + fanOut[l]));
            for (int i = 0; i < fanIn[l] * fanOut[l]; i++) theta[wOff[l] + i] = (float) (std * r.nextGaussian());
        }
    }

    /** The L2 weight of each parameter: {@code l2} on the weights, 0 on the biases (they are not decayed). */
    float[] l2Mask(float l2) {
        float[] mask = new float[params];
        for (int l = 0; l < layers; l++) Arrays.fill(mask, wOff[l], bOff[l], l2);
        return mask;
    }

    /** The output unit's value for one sample's standardized inputs {@code z} at parameters {@code th}. */
    double output(float[] th, double[] z) {
        double[] h = z;
        for (int l = 0; l < layers; l++) {
            int in = fanIn[l], out = fanOut[l], w = wOff[l], b = bOff[l];
            double[] a = new double[out];
            for (int j = 0; j < out; j++) a[j] = th[b + j];
            for (int i = 0; i < in; i++) {
                double hi = h[i];
                if (hi == 0.0) continue;
                int row = w + i * out;
                for (int j = 0; j < out; j++) a[j] += hi * th[row + j];
            }
            if (l < layers - 1) for (int j = 0; j < out; j++) if (!(a[j] > 0)) a[j] = 0.0; // ReLU
            h = a;
        }
        return h[0];
    }

    static double sigmoid(double o) {
        return o >= 0 ? 1.0 / (1.0 + Math.exp(-o)) : Math.exp(o) / (1.0 + Math.exp(o));
    }

    /**
     * The gradient of the batch loss at {@code th}, in the parameters' layout, into {@code g}. Forward
     * h_{l+1} = relu(h_l W_l + b_l), o = h_L W_L + b_L over the b rows of {@code z}; dL/do = 2/B (o - t) (squared
     * loss, t the standardized target; clipped to +-huberDelta for Huber's) or c_i (sigmoid(o) - t)/B with c_i the sample's cost (logistic loss, t the
     * label); backprop gW_l = h_l^T delta_l, gb_l = sum_rows delta_l, delta_{l-1} = (delta_l W_l^T) * [h_l > 0].
     *
     * @param w     per-sample weight c_i / B (LOGISTIC), or null for SQUARED and HUBER
     * @param huberDelta HUBER: o - t is clipped to +-huberDelta in dL/do (Huber's loss; infinite for SQUARED)
     */
    void gradient(float[] th, float[] z, float[] t, double[] w, int b, double huberDelta, float[] g) {
        double[][] h = new double[layers][]; // h[l] = input of layer l, b rows of fanIn[l]
        double[] input = new double[b * fanIn[0]];
        for (int k = 0; k < input.length; k++) input[k] = z[k];
        h[0] = input;
        double[] a = null;
        for (int l = 0; l < layers; l++) {
            int in = fanIn[l], out = fanOut[l], wo = wOff[l], bo = bOff[l];
            double[] hl = h[l];
            a = new double[b * out];
            for (int r = 0; r < b; r++) {
                int ar = r * out, hr = r * in;
                for (int j = 0; j < out; j++) a[ar + j] = th[bo + j];
                for (int i = 0; i < in; i++) {
                    double hi = hl[hr + i];
                    if (hi == 0.0) continue;
                    int row = wo + i * out;
                    for (int j = 0; j < out; j++) a[ar + j] += hi * th[row + j];
                }
            }
            if (l < layers - 1) {
                for (int k = 0; k < a.length; k++) if (a[k] <= 0) a[k] = 0.0; // ReLU (NaN stays NaN)
                h[l + 1] = a;
            }
        }
        double[] delta = new double[b];
        for (int r = 0; r < b; r++) {
            delta[r] = w == null ? Math.max(-huberDelta, Math.min(huberDelta, a[r] - t[r])) * (2.0 / b)
                    : w[r] * (sigmoid(a[r]) - t[r]);
        }
        for (int l = layers - 1; l >= 0; l--) {
            int in = fanIn[l], out = fanOut[l], wo = wOff[l], bo = bOff[l];
            double[] hl = h[l];
            double[] gw = new double[in * out];
            double[] gb = new double[out];
            for (int r = 0; r < b; r++) {
                int dr = r * out, hr = r * in;
                for (int j = 0; j < out; j++) gb[j] += delta[dr + j];
                for (int i = 0; i < in; i++) {
                    double hi = hl[hr + i];
                    if (hi == 0.0) continue;
                    int row = i * out;
                    for (int j = 0; j < out; j++) gw[row + j] += hi * delta[dr + j];
                }
            }
            for (int k = 0; k < gw.length; k++) g[wo + k] = (float) gw[k];
            for (int j = 0; j < out; j++) g[bo + j] = (float) gb[j];
            if (l > 0) {
                double[] previous = new double[b * in];
                for (int r = 0; r < b; r++) {
                    int dr = r * out, hr = r * in;
                    for (int i = 0; i < in; i++) {
                        if (!(hl[hr + i] > 0)) continue; // the ReLU's derivative
                        int row = wo + i * out;
                        double sum = 0;
                        for (int j = 0; j < out; j++) sum += delta[dr + j] * th[row + j];
                        previous[hr + i] = sum;
                    }
                }
                delta = previous;
            }
        }
    }
}
