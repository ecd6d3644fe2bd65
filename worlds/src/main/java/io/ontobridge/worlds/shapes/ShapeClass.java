package io.ontobridge.worlds.shapes;

import java.util.Locale;

/** The shape classes of the world. */
public enum ShapeClass {
    CIRCLE, SQUARE, TRIANGLE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ShapeClass of(String id) {
        for (ShapeClass shape : values()) {
            if (shape.id().equals(id)) {
                return shape;
            }
        }
        throw new IllegalArgumentException("unknown shape '" + id + "' (known: circle, square, triangle)");
    }
}
