package io.ontobridge.deploy.zoo;

import io.ontobridge.models.zoo.ModelMetadata;
import io.ontobridge.models.zoo.ShapesModel;
import io.ontobridge.models.zoo.Stats;
import io.ontobridge.worlds.shapes.Png;
import io.ontobridge.worlds.shapes.Scene;
import io.ontobridge.worlds.shapes.World;
import io.ontobridge.worlds.shapes.WorldConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Offline study: which source concept (from the VAE) does a target (the CNN) carry, beyond trivial
 * baselines? For each source feature and target read-out, a closed-form {@link Ridge} probe is fitted on
 * training samples and judged on held-out world samples: Pearson and R^2 with the source feature, and
 * the correlation of the probe's output with the ground-truth factor.
 *
 * <p>Source features, computed on the VAE's latent means: {@code size_unit} (the unit introspection names
 * for size), {@code triangle_dir} (normalized mean latent of triangles minus that of the others, as the
 * text scenario builds directions), {@code triangle_lda} (the same, whitened by the within-class
 * covariance: Fisher's discriminant). Read-outs: every CNN layer, the same layer of a randomly
 * initialized copy ({@code rand:}), and raw pixels. Training data: world samples ({@code world}), or
 * images decoded from the VAE's prior and re-encoded ({@code decoded}); held-out is world samples always.
 *
 * <p>Usage: {@code ConceptStudy VAE_DIR CNN_DIR [TRAIN TEST [LAYER,LAYER...]]}; prints a table and JSON.
 */
public final class ConceptStudy {
    private ConceptStudy() {
    }

    /** One (training data, source feature, read-out) measurement on held-out world samples. */
    public record Row(String data, String feature, String factor, String readout, int dims, double pearson, double r2,
                      double probeCorr, double sourceCorr, double alpha) {
    }

    record Samples(List<float[]> images, List<Scene> scenes) {
        static Samples world(WorldConfig world, long seed, int n) {
            World w = new World(world, seed);
            List<float[]> images = new ArrayList<>();
            List<Scene> scenes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                World.View v = w.next();
                images.add(Png.quantize(v.pixels()));
                scenes.add(v.scene());
            }
            return new Samples(images, scenes);
        }

        double[] factor(String name) {
            return scenes.stream().mapToDouble(s -> s.factors().get(name)).toArray();
        }
    }

    record Feature(String name, String factor, double[] direction) {
        double[] values(float[][] latents) {
            double[] out = new double[latents.length];
            for (int i = 0; i < latents.length; i++) {
                for (int j = 0; j < direction.length; j++) {
                    out[i] += latents[i][j] * direction[j];
                }
            }
            return out;
        }
    }

    public static void main(String[] args) throws Exception {
        Path vaeDir = Path.of(args[0]);
        Path cnnDir = Path.of(args[1]);
        int nTrain = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
        int nTest = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        List<String> layers = args.length > 4 ? List.of(args[4].split(","))
                : List.of("conv1", "conv2", "conv3", "conv1_pool", "conv2_pool", "conv3_pool", "hidden", "logits");
        List<Row> rows = run(vaeDir, cnnDir, nTrain, nTest, layers, System.out::println);
        if (args.length > 5) {
            Files.writeString(Path.of(args[5]), ModelMetadata.JSON.writeValueAsString(rows));
        }
    }

    public static List<Row> run(Path vaeDir, Path cnnDir, int nTrain, int nTest, List<String> layers,
                                java.util.function.Consumer<String> out) {
        List<Row> rows = new ArrayList<>();
        try (ShapesModel vae = ShapesModel.load(vaeDir); ShapesModel cnn = ShapesModel.load(cnnDir);
             ShapesModel rand = cnn.randomInitCopy(12345)) {
            WorldConfig world = vae.metadata().world();
            Samples train = Samples.world(world, 101, nTrain);
            Samples test = Samples.world(world, 202, nTest);
            // Source read-out: latent means, then the encoder's hidden layer (256, ReLU) appended, so that
            // a feature may be a direction in either (unit/direction indices refer to this concatenation).
            float[][] zTrain = sourceReadout(vae, train.images());
            float[][] zTest = sourceReadout(vae, test.images());
            List<Feature> features = features(vae, zTrain, train);
            // Decoded-prior training set: latents ~ N(0, 1), decoded, quantized, re-encoded for the feature.
            Random rng = new Random(303);
            float[][] prior = new float[nTrain][vae.latentSize()];
            for (float[] p : prior) {
                for (int j = 0; j < p.length; j++) {
                    p[j] = (float) rng.nextGaussian();
                }
            }
            List<float[]> decoded = vae.decode(prior).stream().map(Png::quantize).toList();
            float[][] zDecoded = sourceReadout(vae, decoded);

            Map<String, java.util.function.Function<List<float[]>, float[][]>> readouts = new LinkedHashMap<>();
            readouts.put("pixels", imgs -> imgs.toArray(new float[0][]));
            for (String layer : layers) {
                readouts.put(layer, imgs -> cnn.readLayer(layer, imgs));
                readouts.put("rand:" + layer, imgs -> rand.readLayer(layer, imgs));
            }
            out.accept(String.format("%-8s %-13s %-12s %-16s %5s %8s %8s %8s %8s %7s", "data", "feature", "factor",
                    "readout", "dims", "pearson", "r2", "probe_r", "source_r", "alpha"));
            for (String data : List.of("world", "decoded")) {
                List<float[]> fitImages = data.equals("world") ? train.images() : decoded;
                float[][] fitLatents = data.equals("world") ? zTrain : zDecoded;
                double[][] ys = features.stream().map(f -> f.values(fitLatents)).toArray(double[][]::new);
                for (var readout : readouts.entrySet()) {
                    long t0 = System.nanoTime();
                    float[][] xFit = readout.getValue().apply(fitImages);
                    float[][] xTest = readout.getValue().apply(test.images());
                    List<Ridge> fits = Ridge.fit(xFit, ys);
                    for (int f = 0; f < features.size(); f++) {
                        Feature feature = features.get(f);
                        double[] truth = test.factor(feature.factor());
                        double[] source = feature.values(zTest);
                        double[] pred = fits.get(f).predict(xTest);
                        Row row = new Row(data, feature.name(), feature.factor(), readout.getKey(), xFit[0].length,
                                Stats.pearson(source, pred), Stats.r2(source, pred), Stats.pearson(truth, pred),
                                Stats.pearson(truth, source), fits.get(f).alpha());
                        rows.add(row);
                        out.accept(String.format("%-8s %-13s %-12s %-16s %5d %8.4f %8.4f %8.4f %8.4f %7.0e", row.data(),
                                row.feature(), row.factor(), row.readout(), row.dims(), row.pearson(), row.r2(),
                                row.probeCorr(), row.sourceCorr(), row.alpha()));
                    }
                    System.err.printf("  (%s/%s: %.1f s)%n", data, readout.getKey(), (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        return rows;
    }

    static float[][] sourceReadout(ShapesModel vae, List<float[]> images) {
        float[][] mean = vae.encodeMean(images);
        float[][] hidden = vae.readLayer("enc_hidden", images);
        float[][] out = new float[mean.length][];
        for (int i = 0; i < mean.length; i++) {
            out[i] = new float[mean[i].length + hidden[i].length];
            System.arraycopy(mean[i], 0, out[i], 0, mean[i].length);
            System.arraycopy(hidden[i], 0, out[i], mean[i].length, hidden[i].length);
        }
        return out;
    }

    /** The source features, built from the training world samples' read-outs (latent means + enc_hidden). */
    static List<Feature> features(ShapesModel vae, float[][] zAll, Samples train) {
        int latent = vae.latentSize();
        int total = zAll[0].length;
        List<Feature> features = new ArrayList<>();
        double[] unit = new double[total];
        unit[vae.metadata().unitFor("size")] = 1;
        features.add(new Feature("size_unit", "size", unit));
        float[][] z = new float[zAll.length][];
        for (int i = 0; i < zAll.length; i++) {
            z[i] = java.util.Arrays.copyOf(zAll[i], latent);
        }
        for (Feature f : triangleFeatures(z, train, "", 1e-6)) {
            features.add(new Feature(f.name(), f.factor(), java.util.Arrays.copyOf(f.direction(), total)));
        }
        float[][] h = new float[zAll.length][];
        for (int i = 0; i < zAll.length; i++) {
            h[i] = java.util.Arrays.copyOfRange(zAll[i], latent, total);
        }
        for (Feature f : triangleFeatures(h, train, "hid_", 1e-2)) {
            double[] d = new double[total];
            System.arraycopy(f.direction(), 0, d, latent, f.direction().length);
            features.add(new Feature(f.name(), f.factor(), d));
        }
        return features;
    }

    static List<Feature> triangleFeatures(float[][] z, Samples train, String prefix, double ridge) {
        int l = z[0].length;
        List<Feature> features = new ArrayList<>();
        double[] isTri = train.factor("is_triangle");
        double[] mPos = new double[l], mNeg = new double[l];
        int nPos = 0, nNeg = 0;
        for (int i = 0; i < z.length; i++) {
            double[] m = isTri[i] > 0.5 ? mPos : mNeg;
            for (int j = 0; j < l; j++) {
                m[j] += z[i][j];
            }
            if (isTri[i] > 0.5) {
                nPos++;
            } else {
                nNeg++;
            }
        }
        double[] diff = new double[l];
        for (int j = 0; j < l; j++) {
            mPos[j] /= nPos;
            mNeg[j] /= nNeg;
            diff[j] = mPos[j] - mNeg[j];
        }
        features.add(new Feature(prefix + "triangle_dir", "is_triangle", normalize(diff.clone())));
        // Fisher: pooled within-class covariance, w = Sw^-1 (mu+ - mu-), normalized.
        double[][] sw = new double[l][l];
        for (int i = 0; i < z.length; i++) {
            double[] m = isTri[i] > 0.5 ? mPos : mNeg;
            for (int a = 0; a < l; a++) {
                for (int b = 0; b < l; b++) {
                    sw[a][b] += (z[i][a] - m[a]) * (z[i][b] - m[b]) / z.length;
                }
            }
        }
        double[] w = Ridge.solve(Ridge.cholesky(sw, ridge), diff);
        features.add(new Feature(prefix + "triangle_lda", "is_triangle", normalize(w)));
        return features;
    }

    private static double[] normalize(double[] v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        for (int i = 0; i < v.length; i++) {
            v[i] /= n;
        }
        return v;
    }
}
