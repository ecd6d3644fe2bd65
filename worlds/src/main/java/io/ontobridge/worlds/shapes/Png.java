package io.ontobridge.worlds.shapes;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Grayscale images as 8-bit PNG bytes, the form they travel in on the topics. */
public final class Png {
    private Png() {
    }

    /** Encodes {@code size * size} values in [0, 1] (row-major) as an 8-bit grayscale PNG. */
    public static byte[] encode(float[] pixels, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        for (int row = 0; row < size; row++) {
            for (int col = 0; col < size; col++) {
                float v = Math.max(0f, Math.min(1f, pixels[row * size + col]));
                raster.setSample(col, row, 0, Math.round(v * 255));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A decoded grayscale image. */
    public record Image(int width, int height, float[] pixels) {
    }

    /** Decodes PNG bytes into values in [0, 1]; a colour image is read through its first band. */
    public static Image decode(byte[] png) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable PNG: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IllegalArgumentException("not a PNG image");
        }
        int width = image.getWidth();
        int height = image.getHeight();
        float[] pixels = new float[width * height];
        var raster = image.getRaster();
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                pixels[row * width + col] = raster.getSample(col, row, 0) / 255f;
            }
        }
        return new Image(width, height, pixels);
    }

    /** The pixels as they come back from a PNG round trip (8-bit levels): what every model sees. */
    public static float[] quantize(float[] pixels) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = Math.round(Math.max(0f, Math.min(1f, pixels[i])) * 255) / 255f;
        }
        return out;
    }
}
