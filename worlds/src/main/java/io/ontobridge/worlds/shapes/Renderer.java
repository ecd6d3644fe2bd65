package io.ontobridge.worlds.shapes;

/**
 * Draws a {@link Scene} into a square grayscale image, in plain Java (no AWT, so it is headless and
 * the same on every machine). Each pixel's value is the shape's intensity times the share of a 4x4
 * grid of points inside the pixel that fall inside the shape: smooth edges, exact coverage.
 */
public final class Renderer {
    private static final int SUPERSAMPLING = 4;

    private Renderer() {
    }

    /** The image as {@code size * size} values in [0, 1], row-major, row 0 at the top. */
    public static float[] render(Scene scene, int size) {
        float[] pixels = new float[size * size];
        Geometry geometry = Geometry.of(scene);
        // Only pixels near the shape can be covered.
        int minRow = Math.max(0, (int) Math.floor(scene.y() - scene.size() - 1));
        int maxRow = Math.min(size - 1, (int) Math.ceil(scene.y() + scene.size() + 1));
        int minCol = Math.max(0, (int) Math.floor(scene.x() - scene.size() - 1));
        int maxCol = Math.min(size - 1, (int) Math.ceil(scene.x() + scene.size() + 1));
        double step = 1.0 / SUPERSAMPLING;
        for (int row = minRow; row <= maxRow; row++) {
            for (int col = minCol; col <= maxCol; col++) {
                int inside = 0;
                for (int sy = 0; sy < SUPERSAMPLING; sy++) {
                    for (int sx = 0; sx < SUPERSAMPLING; sx++) {
                        if (geometry.contains(col + (sx + 0.5) * step, row + (sy + 0.5) * step)) {
                            inside++;
                        }
                    }
                }
                pixels[row * size + col] = (float) (scene.intensity() * inside / (SUPERSAMPLING * SUPERSAMPLING));
            }
        }
        return pixels;
    }

    /** Point-in-shape tests in image coordinates (a pixel (col, row) spans [col, col+1) x [row, row+1)). */
    private record Geometry(Scene scene, double cos, double sin) {
        static Geometry of(Scene scene) {
            return new Geometry(scene, Math.cos(scene.rotation()), Math.sin(scene.rotation()));
        }

        boolean contains(double px, double py) {
            // Into the shape's own frame: centred, unrotated, y up.
            double dx = px - scene.x();
            double dy = scene.y() - py;
            double u = cos * dx + sin * dy;
            double v = -sin * dx + cos * dy;
            double r = scene.size();
            return switch (scene.shape()) {
                case CIRCLE -> u * u + v * v <= r * r;
                case SQUARE -> {
                    double half = r / Math.sqrt(2);
                    yield Math.abs(u) <= half && Math.abs(v) <= half;
                }
                case TRIANGLE -> insideTriangle(u, v, r);
            };
        }

        /** An equilateral triangle with circumradius r, one corner pointing up. */
        private static boolean insideTriangle(double u, double v, double r) {
            // Three half-planes at distance r/2 (the inradius) from the centre, normals 120 degrees apart.
            double inradius = r / 2;
            for (int k = 0; k < 3; k++) {
                double angle = -Math.PI / 2 + k * 2 * Math.PI / 3;
                if (u * Math.cos(angle) + v * Math.sin(angle) > inradius) {
                    return false;
                }
            }
            return true;
        }
    }
}
