package io.ontobridge.models.zoo;

import io.ontobridge.worlds.shapes.Png;
import io.ontobridge.worlds.shapes.Scene;
import io.ontobridge.worlds.shapes.World;
import io.ontobridge.worlds.shapes.WorldConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which latent unit tracks which factor: every unit of an encoder is correlated (Pearson) with every
 * ground-truth factor of {@link Scene#factors()} on fresh world samples. Works with any encoder
 * (a function from images to vectors), so it can be checked on a planted one.
 */
public final class Introspection {
    private Introspection() {
    }

    /** Images (32x32, values in [0, 1]) to one vector each. */
    @FunctionalInterface
    public interface ImageEncoder {
        float[][] encode(List<float[]> images);
    }

    /** The unit with the largest |r| for a factor, and that r. */
    public record Best(int unit, double r) {
    }

    /**
     * @param samples world samples used
     * @param seed    the world's seed
     * @param factors factor names, the rows of {@code r}
     * @param units   encoder units, the columns of {@code r}
     * @param r       Pearson r of factor i with unit j (0 where either is constant)
     * @param best    per factor, the unit with the largest |r|
     * @param directions per 0/1 factor ({@code is_circle}, ...), Pearson r of the factor with the projection on
     *                the contrast direction (normalized mean of the units where the factor is 1 minus where it is 0,
     *                as a {@code direction} feature is built), on the same samples; null in older files
     */
    public record Result(int samples, long seed, List<String> factors, int units, double[][] r, Map<String, Best> best,
                         Map<String, Double> directions) {
        public Best bestFor(String factor) {
            Best b = best.get(factor);
            if (b == null) {
                throw new IllegalArgumentException("no factor '" + factor + "' (known: " + factors + ")");
            }
            return b;
        }
    }

    /** Encodes {@code samples} fresh images of {@code world} (seeded) and correlates. */
    public static Result run(ImageEncoder encoder, WorldConfig world, long seed, int samples) {
        World w = new World(world, seed);
        List<Scene> scenes = new ArrayList<>(samples);
        List<float[]> images = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            World.View v = w.next();
            scenes.add(v.scene());
            images.add(Png.quantize(v.pixels()));
        }
        return of(encoder.encode(images), scenes, seed);
    }

    /** Correlates given latents (one row per scene) with the scenes' factors. */
    public static Result of(float[][] latents, List<Scene> scenes, long seed) {
        int n = latents.length;
        if (n != scenes.size() || n < 3) {
            throw new IllegalArgumentException("need one latent per scene and at least 3, got " + n + " / " + scenes.size());
        }
        int units = latents[0].length;
        List<String> factors = List.of(Scene.FACTORS);
        double[][] r = new double[factors.size()][units];
        Map<String, Best> best = new LinkedHashMap<>();
        Map<String, Double> directions = new LinkedHashMap<>();
        double[][] columns = new double[units][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < units; j++) {
                columns[j][i] = latents[i][j];
            }
        }
        for (int f = 0; f < factors.size(); f++) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = scenes.get(i).factors().get(factors.get(f));
            }
            int bestUnit = 0;
            for (int j = 0; j < units; j++) {
                r[f][j] = Stats.pearson(values, columns[j]);
                if (Math.abs(r[f][j]) > Math.abs(r[f][bestUnit])) {
                    bestUnit = j;
                }
            }
            best.put(factors.get(f), new Best(bestUnit, r[f][bestUnit]));
            if (factors.get(f).startsWith("is_")) {
                directions.put(factors.get(f), Stats.pearson(values, project(columns, contrast(columns, values))));
            }
        }
        return new Result(n, seed, factors, units, r, best, directions);
    }

    /** Normalized mean of the columns where {@code flag} is 1 minus where it is 0 (zero if either side is empty). */
    static double[] contrast(double[][] columns, double[] flag) {
        double[] d = new double[columns.length];
        int pos = 0;
        for (double v : flag) {
            pos += v > 0.5 ? 1 : 0;
        }
        int neg = flag.length - pos;
        if (pos == 0 || neg == 0) {
            return d;
        }
        double norm = 0;
        for (int j = 0; j < columns.length; j++) {
            double sp = 0, sn = 0;
            for (int i = 0; i < flag.length; i++) {
                if (flag[i] > 0.5) {
                    sp += columns[j][i];
                } else {
                    sn += columns[j][i];
                }
            }
            d[j] = sp / pos - sn / neg;
            norm += d[j] * d[j];
        }
        for (int j = 0; j < d.length && norm > 0; j++) {
            d[j] /= Math.sqrt(norm);
        }
        return d;
    }

    private static double[] project(double[][] columns, double[] direction) {
        double[] out = new double[columns[0].length];
        for (int j = 0; j < columns.length; j++) {
            for (int i = 0; i < out.length; i++) {
                out[i] += columns[j][i] * direction[j];
            }
        }
        return out;
    }

    /** A fixed-width table: one row per factor, the best unit, its r, then r for every unit. */
    public static String table(Result result) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-12s %5s %7s |", "factor", "unit", "r"));
        for (int j = 0; j < result.units(); j++) {
            sb.append(String.format(" %6s", "u" + j));
        }
        sb.append('\n');
        for (int f = 0; f < result.factors().size(); f++) {
            String name = result.factors().get(f);
            Best b = result.best().get(name);
            sb.append(String.format("%-12s %5d %+7.3f |", name, b.unit(), b.r()));
            for (int j = 0; j < result.units(); j++) {
                sb.append(String.format(" %+6.2f", result.r()[f][j]));
            }
            sb.append('\n');
        }
        if (result.directions() != null) {
            for (var e : result.directions().entrySet()) {
                sb.append(String.format("%-12s   dir %+7.3f   (contrast direction: normalized mean difference)%n", e.getKey(),
                        e.getValue()));
            }
        }
        return sb.toString();
    }
}
