package io.ontobridge.worlds.shapes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One shape on an empty background, with every factor that made it: the ground truth.
 *
 * @param shape     the class
 * @param size      the circumradius in pixels (a circle's radius, half a square's diagonal, a
 *                  triangle's centre-to-corner distance)
 * @param x         the centre's column, in pixels from the left edge
 * @param y         the centre's row, in pixels from the top edge
 * @param rotation  in radians, counter-clockwise (no visible effect on a circle)
 * @param intensity the shape's gray level in (0, 1]; the background is 0
 */
public record Scene(ShapeClass shape, double size, double x, double y, double rotation, double intensity) {
    /** The factor names, in the order {@link #factors()} lists them. */
    public static final String[] FACTORS = {"shape", "is_circle", "is_square", "is_triangle", "size", "x", "y",
            "rotation", "intensity"};

    /** The ground-truth factors by name; the class appears as its index and as one 0/1 factor per class. */
    public Map<String, Double> factors() {
        Map<String, Double> factors = new LinkedHashMap<>();
        factors.put("shape", (double) shape.ordinal());
        for (ShapeClass c : ShapeClass.values()) {
            factors.put("is_" + c.id(), shape == c ? 1.0 : 0.0);
        }
        factors.put("size", size);
        factors.put("x", x);
        factors.put("y", y);
        factors.put("rotation", rotation);
        factors.put("intensity", intensity);
        return factors;
    }
}
