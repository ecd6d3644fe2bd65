package io.ontobridge.models.zoo;

/** Small statistics helpers (Pearson, R^2, sha256) shared by the zoo and its study. */
public final class Stats {
    private Stats() {
    }

    /** Pearson r; 0 when either side is constant. */
    public static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa <= 0 || sbb <= 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }

    /** Coefficient of determination of predictions {@code p} for truth {@code y} (can be negative). */
    public static double r2(double[] y, double[] p) {
        double m = 0;
        for (double v : y) {
            m += v;
        }
        m /= y.length;
        double ssr = 0, sst = 0;
        for (int i = 0; i < y.length; i++) {
            ssr += (y[i] - p[i]) * (y[i] - p[i]);
            sst += (y[i] - m) * (y[i] - m);
        }
        return 1 - ssr / sst;
    }

    public static String sha256(byte[] bytes) {
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(digest.digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
