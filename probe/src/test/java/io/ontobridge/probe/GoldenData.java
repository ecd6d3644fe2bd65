package io.ontobridge.probe;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;

/**
 * Deterministic inputs and the expected-values files of the golden states in {@code state-before-recut/}: the
 * states were written by the code before the probe library was cut out, and the tests read them with the code as
 * it is now. Inputs come from seeded {@link Random}s (its sequence is specified by the JDK), values are stored
 * exactly (doubles as hex). (The streams module's golden tests use it too, through this module's test jar.)
 */
public final class GoldenData {
    private GoldenData() {
    }

    /** {@code n} vectors of {@code dim} standard normal floats from {@code seed}. */
    public static float[][] vectors(long seed, int n, int dim) {
        Random r = new Random(seed);
        float[][] xs = new float[n][dim];
        for (float[] x : xs) {
            for (int d = 0; d < dim; d++) {
                x[d] = (float) r.nextGaussian();
            }
        }
        return xs;
    }

    /** The regression target of the golden probes: 2 x0 - x3 + 0.5 plus a little deterministic wiggle. */
    public static double linearTarget(float[] x) {
        return 2 * x[0] - x[3] + 0.5 + 0.1 * Math.sin(7 * x[1]);
    }

    /** The binarized golden probes' feature: -(x0 x1) (concept present when >= 0). */
    public static double xorTarget(float[] x) {
        return -(double) x[0] * x[1];
    }

    /** Expected values, written as sorted key=value lines. */
    public static final class Expected {
        private final Map<String, String> values = new TreeMap<>();

        public Expected put(String key, double value) {
            values.put(key, Double.toHexString(value));
            return this;
        }

        public Expected put(String key, long value) {
            values.put(key, Long.toString(value));
            return this;
        }

        public Expected put(String key, String value) {
            values.put(key, value);
            return this;
        }

        public Map<String, String> values() {
            return values;
        }

        public void save(Path file) throws IOException {
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (var e : values.entrySet()) {
                    w.write(e.getKey() + "=" + e.getValue().replace("\\", "\\\\").replace("\n", "\\n") + "\n");
                }
            }
        }
    }

    /** A golden file's bytes, from {@code state-before-recut/} on the test class path. */
    public static byte[] state(String name) {
        try (InputStream in = GoldenData.class.getResourceAsStream("/state-before-recut/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A golden expected-values file, from {@code state-before-recut/} on the test class path. */
    public static Properties expected(String name) {
        Properties p = new Properties();
        try (Reader r = new InputStreamReader(new ByteArrayInputStream(state(name)), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /**
     * Checks {@code actual} against the golden {@code expected} values, key by key: exactly, except that a value
     * under a key starting with {@code after.} (what the probe gives after it learned on past its golden state)
     * that is a number may differ by {@code tolerance * max(1, |expected|)}. Returns the largest such difference
     * (relative).
     */
    public static double assertMatches(Properties expected, Expected actual, double tolerance) {
        return assertMatches(expected, actual, tolerance, "after.");
    }

    /** As {@link #assertMatches(Properties, Expected, double)}, with the tolerance for keys starting with {@code prefix}. */
    public static double assertMatches(Properties expected, Expected actual, double tolerance, String prefix) {
        java.util.Set<String> keys = new java.util.TreeSet<>(actual.values().keySet());
        expected.stringPropertyNames().forEach(keys::add);
        double largest = 0;
        for (String key : keys) {
            String want = expected.getProperty(key);
            String got = actual.values().get(key);
            if (want == null || got == null) {
                throw new AssertionError(key + ": expected " + want + ", got " + got);
            }
            if (want.equals(got)) {
                continue;
            }
            double w;
            double g;
            try {
                w = Double.parseDouble(want);
                g = Double.parseDouble(got);
            } catch (NumberFormatException e) {
                throw new AssertionError(key + ": expected " + want + ", got " + got);
            }
            double diff = Math.abs(w - g);
            if (!key.startsWith(prefix) || !(diff <= tolerance * Math.max(1, Math.abs(w)))) {
                throw new AssertionError(key + ": expected " + w + ", got " + g + " (tolerance " + tolerance + ")");
            }
            largest = Math.max(largest, diff / Math.max(1, Math.abs(w)));
        }
        return largest;
    }

    public static double doubleOf(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("no expected value " + key);
        }
        return Double.parseDouble(v);
    }

    public static long longOf(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("no expected value " + key);
        }
        return Long.parseLong(v);
    }
}
