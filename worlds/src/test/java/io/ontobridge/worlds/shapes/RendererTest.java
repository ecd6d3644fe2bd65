package io.ontobridge.worlds.shapes;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RendererTest {
    private static double mass(float[] pixels) {
        double sum = 0;
        for (float p : pixels) {
            sum += p;
        }
        return sum;
    }

    @Test
    void eachShapeCoversItsAreaAndNothingOutsideItsCircumcircle() {
        double r = 10;
        double[][] expected = {
                {ShapeClass.CIRCLE.ordinal(), Math.PI * r * r},
                {ShapeClass.SQUARE.ordinal(), 2 * r * r},                      // side r * sqrt(2)
                {ShapeClass.TRIANGLE.ordinal(), 3 * Math.sqrt(3) / 4 * r * r}}; // equilateral, circumradius r
        for (double[] shape : expected) {
            for (double rotation : new double[]{0, 0.7, 2.1}) {
                Scene scene = new Scene(ShapeClass.values()[(int) shape[0]], r, 16.3, 15.8, rotation, 1.0);
                float[] pixels = Renderer.render(scene, 32);
                assertEquals(shape[1], mass(pixels), shape[1] * 0.02, scene + " covers its area");
                for (int row = 0; row < 32; row++) {
                    for (int col = 0; col < 32; col++) {
                        double distance = Math.hypot(col + 0.5 - 16.3, row + 0.5 - 15.8);
                        if (distance > r + 1) {
                            assertEquals(0f, pixels[row * 32 + col], scene + " stays inside its circumcircle");
                        }
                    }
                }
            }
        }
    }

    @Test
    void intensityScalesThePixelsAndTheTriangleAtRotationZeroPointsUp() {
        Scene bright = new Scene(ShapeClass.TRIANGLE, 8, 16, 16, 0, 1.0);
        Scene dim = new Scene(ShapeClass.TRIANGLE, 8, 16, 16, 0, 0.5);
        assertEquals(mass(Renderer.render(bright, 32)) / 2, mass(Renderer.render(dim, 32)), 1e-3);
        float[] pixels = Renderer.render(bright, 32);
        // The apex is at row 16 - 8 = 8; the base at row 16 + 4 = 20.
        assertTrue(pixels[9 * 32 + 16] > 0, "covered just below the apex");
        assertEquals(0f, pixels[7 * 32 + 16], "nothing above the apex");
        assertTrue(pixels[19 * 32 + 16] == 1f, "fully covered just above the base");
        assertEquals(0f, pixels[21 * 32 + 16], "nothing below the base");
    }

    @Test
    void renderingIsDeterministic() {
        Scene scene = new Scene(ShapeClass.SQUARE, 6.5, 12.2, 20.7, 1.1, 0.8);
        assertArrayEquals(Renderer.render(scene, 32), Renderer.render(scene, 32));
    }
}
