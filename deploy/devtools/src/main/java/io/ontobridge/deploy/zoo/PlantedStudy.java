package io.ontobridge.deploy.zoo;

import io.ontobridge.models.zoo.ShapesModel;
import io.ontobridge.probe.metrics.BinaryMetrics;
import io.ontobridge.worlds.shapes.Scene;
import io.ontobridge.worlds.shapes.WorldConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Offline study: how far can a residual find a planted region at all? The source feature (the VAE's triangle
 * direction, as concepts/shapes.yaml builds it) is fitted from each target's read-out by a closed-form
 * {@link Ridge} probe on training world scenes; on held-out scenes the AUROC of the residual (absolute and
 * signed) separates the planted region from the rest. The figures bound what the online pipeline can reach at
 * that read-out, without Kafka, the online probe or the monitor in the way.
 *
 * <p>Usage: {@code PlantedStudy ROOT [TRAIN TEST [LAYER,LAYER...]]}, ROOT the Ontobridge folder; layers as the zoo
 * CNN names them, {@code softmax2} the probabilities with their pairwise products. The control is measured against
 * the size rule's region, for reference. With {@code PLANTED_STUDY_DUMP=DIR} each (target, layer)'s data is also
 * written to {@code DIR/TARGET-LAYER.csv} ({@code split,source,in_region,activations...}).
 */
public final class PlantedStudy {
    private PlantedStudy() {
    }

    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        int nTrain = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int nTest = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        List<String> layers = args.length > 3 ? List.of(args[3].split(",")) : List.of("hidden", "logits");
        try (ShapesModel vae = ShapesModel.load(root.resolve("zoo/shapes-vae"))) {
            WorldConfig world = vae.metadata().world();
            ConceptStudy.Samples train = ConceptStudy.Samples.world(world, 101, nTrain);
            ConceptStudy.Samples test = ConceptStudy.Samples.world(world, 202, nTest);
            float[][] zTrain = vae.encodeMean(train.images());
            float[][] zTest = vae.encodeMean(test.images());
            ConceptStudy.Feature feature = ConceptStudy.triangleFeatures(zTrain, train, "", 1e-6).get(0);
            double[] yTrain = feature.values(zTrain);
            double[] yTest = feature.values(zTest);
            System.out.printf(Locale.ROOT, "%-30s %-8s %5s %8s %8s %8s %6s%n", "target", "layer", "dims", "pearson",
                    "|res|", "signed", "n_in");
            for (ZooDefaults target : List.of(ZooDefaults.CNN_CONTROL, ZooDefaults.CNN_PLANTED_SIZE,
                    ZooDefaults.CNN_PLANTED_INTENSITY)) {
                List<WorldConfig.LabelRule> rules = WorldConfig.load(root.resolve(ZooDefaults.CNN_PLANTED_SIZE.world()))
                        .relabel();
                if (target == ZooDefaults.CNN_PLANTED_INTENSITY) {
                    rules = WorldConfig.load(root.resolve(target.world())).relabel();
                }
                int[] inRegion = new int[nTest];
                int n = 0;
                for (int i = 0; i < nTest; i++) {
                    Scene s = test.scenes().get(i);
                    final Scene scene = s;
                    inRegion[i] = rules.stream().anyMatch(r -> r.matches(scene)) ? 1 : 0;
                    n += inRegion[i];
                }
                try (ShapesModel cnn = ShapesModel.load(root.resolve("zoo").resolve(target.folder()))) {
                    for (String layer : layers) {
                        float[][] xTrain = read(cnn, layer, train.images());
                        float[][] xTest = read(cnn, layer, test.images());
                        if (System.getenv("PLANTED_STUDY_DUMP") != null) {
                            dump(Path.of(System.getenv("PLANTED_STUDY_DUMP"), target.folder() + "-" + layer + ".csv"),
                                    xTrain, yTrain, xTest, yTest, inRegion);
                        }
                        Ridge fit = Ridge.fit(xTrain, yTrain);
                        double[] pred = fit.predict(xTest);
                        double[] abs = new double[nTest];
                        double[] signed = new double[nTest];
                        for (int i = 0; i < nTest; i++) {
                            signed[i] = yTest[i] - pred[i];
                            abs[i] = Math.abs(signed[i]);
                        }
                        System.out.printf(Locale.ROOT, "%-30s %-8s %5d %8.4f %8.4f %8.4f %6d%n", target.folder(), layer,
                                xTrain[0].length, io.ontobridge.models.zoo.Stats.pearson(yTest, pred),
                                BinaryMetrics.auroc(abs, inRegion), BinaryMetrics.auroc(signed, inRegion), n);
                        var window = new io.ontobridge.probe.metrics.FidelityWindow(nTest);
                        double[] sortedAbs = abs.clone();
                        java.util.Arrays.sort(sortedAbs);
                        for (int i = 0; i < nTest; i++) {
                            window.add(pred[i], yTest[i]);
                        }
                        for (double share : new double[]{0.05, 0.1, 0.15}) {
                            var bulk = window.bulk(share);
                            System.out.printf(Locale.ROOT, "    bulk without %.2f: pearson %.4f, aside error share %.3f%n", share,
                                    bulk.pearson(), bulk.asideErrorShare());
                        }
                        double median = sortedAbs[nTest / 2];
                        for (double k : new double[]{3, 3.82, 5}) {
                            int[] flagged = new int[2];
                            for (int i = 0; i < nTest; i++) {
                                if (abs[i] > k * median) {
                                    flagged[inRegion[i]]++;
                                }
                            }
                            System.out.printf(Locale.ROOT, "    |res| > %.2f x median %.3f: %d in region, %d outside%n", k, median,
                                    flagged[1], flagged[0]);
                        }
                        System.out.printf(Locale.ROOT, "    0.99 quantile %.3f%n", sortedAbs[(int) (0.99 * nTest)]);
                        double[][] m = new double[3][4];
                        for (int i = 0; i < nTest; i++) {
                            int g = inRegion[i] == 1 ? 0 : test.scenes().get(i).factors().get("is_triangle") > 0.5 ? 1 : 2;
                            m[g][0] += yTest[i];
                            m[g][1] += pred[i];
                            m[g][2] += abs[i];
                            m[g][3]++;
                        }
                        for (int g = 0; g < 3; g++) {
                            System.out.printf(Locale.ROOT, "    %-10s n %4.0f source %7.3f probe %7.3f |res| %6.3f%n",
                                    new String[]{"region", "other tri", "non-tri"}[g], m[g][3], m[g][0] / m[g][3],
                                    m[g][1] / m[g][3], m[g][2] / m[g][3]);
                        }
                    }
                }
            }
        }
    }

    /** A layer's activations; {@code softmax} the output probabilities, {@code softmax2} those with their pairwise products. */
    static float[][] read(ShapesModel cnn, String layer, List<float[]> images) {
        if (!layer.startsWith("softmax")) {
            return cnn.readLayer(layer, images);
        }
        float[][] logits = cnn.readLayer("logits", images);
        float[][] out = new float[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (float v : logits[i]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            float[] p = new float[logits[i].length];
            for (int j = 0; j < p.length; j++) {
                p[j] = (float) Math.exp(logits[i][j] - max);
                sum += p[j];
            }
            for (int j = 0; j < p.length; j++) {
                p[j] /= sum;
            }
            if (layer.equals("softmax2")) {
                List<Float> all = new java.util.ArrayList<>();
                for (int a = 0; a < p.length; a++) {
                    all.add(p[a]);
                    for (int b = a; b < p.length; b++) {
                        all.add(p[a] * p[b]);
                    }
                }
                p = new float[all.size()];
                for (int j = 0; j < p.length; j++) {
                    p[j] = all.get(j);
                }
            }
            out[i] = p;
        }
        return out;
    }

    /** Rows "split,y,region,x0,x1,...": the study's data for a look outside Java. */
    static void dump(Path file, float[][] xTrain, double[] yTrain, float[][] xTest, double[] yTest, int[] inRegion) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < xTrain.length; i++) {
            out.append("train,").append(yTrain[i]).append(",-1");
            for (float v : xTrain[i]) {
                out.append(',').append(v);
            }
            out.append('\n');
        }
        for (int i = 0; i < xTest.length; i++) {
            out.append("test,").append(yTest[i]).append(',').append(inRegion[i]);
            for (float v : xTest[i]) {
                out.append(',').append(v);
            }
            out.append('\n');
        }
        try {
            java.nio.file.Files.writeString(file, out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
