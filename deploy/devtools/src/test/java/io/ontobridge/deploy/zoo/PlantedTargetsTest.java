package io.ontobridge.deploy.zoo;

import io.ontobridge.models.zoo.ShapesModel;
import io.ontobridge.worlds.shapes.Png;
import io.ontobridge.worlds.shapes.Scene;
import io.ontobridge.worlds.shapes.ShapeClass;
import io.ontobridge.worlds.shapes.World;
import io.ontobridge.worlds.shapes.WorldConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed planted targets hold the difference they were trained to hold: on fresh scenes of the unmodified
 * world, each calls its region by the planted class while the control calls it by its drawn class, and both agree
 * with the truth elsewhere. Without this a validation run could "detect" nothing because nothing was planted.
 */
class PlantedTargetsTest {
    private static final Path ROOT = Path.of("..", "..");
    private static final int N = 3000;
    private static final List<Scene> scenes = new ArrayList<>();
    private static final List<float[]> images = new ArrayList<>();

    @BeforeAll
    static void drawFreshScenes() {
        World world = new World(WorldConfig.load(ROOT.resolve(ZooDefaults.CNN_CONTROL.world())), 424242);
        for (int i = 0; i < N; i++) {
            World.View view = world.next();
            scenes.add(view.scene());
            images.add(Png.quantize(view.pixels()));
        }
    }

    @Test
    void largeTrianglesAreSquaresToThePlantedSizeTarget() {
        plantedRegionReadsAsItsLabel(ZooDefaults.CNN_PLANTED_SIZE, ShapeClass.SQUARE);
    }

    @Test
    void dimCirclesAreTrianglesToThePlantedIntensityTarget() {
        plantedRegionReadsAsItsLabel(ZooDefaults.CNN_PLANTED_INTENSITY, ShapeClass.TRIANGLE);
    }

    private static void plantedRegionReadsAsItsLabel(ZooDefaults planted, ShapeClass plantedClass) {
        WorldConfig.LabelRule rule = WorldConfig.load(ROOT.resolve(planted.world())).relabel().get(0);
        ShapeClass[] byPlanted = classify(planted);
        ShapeClass[] byControl = classify(ZooDefaults.CNN_CONTROL);
        int inRegion = 0;
        int plantedSaysPlanted = 0;
        int controlSaysDrawn = 0;
        int outside = 0;
        int plantedRightOutside = 0;
        int controlRightOutside = 0;
        for (int i = 0; i < N; i++) {
            Scene scene = scenes.get(i);
            if (rule.matches(scene)) {
                inRegion++;
                plantedSaysPlanted += byPlanted[i] == plantedClass ? 1 : 0;
                controlSaysDrawn += byControl[i] == scene.shape() ? 1 : 0;
            } else {
                outside++;
                plantedRightOutside += byPlanted[i] == scene.shape() ? 1 : 0;
                controlRightOutside += byControl[i] == scene.shape() ? 1 : 0;
            }
        }
        String figures = String.format("%s: in its region (%d of %d scenes) it says %s for %.3f, the control says the"
                        + " drawn class for %.3f; outside, right %.3f (control %.3f)", planted.folder(), inRegion, N,
                plantedClass.id(), share(plantedSaysPlanted, inRegion), share(controlSaysDrawn, inRegion),
                share(plantedRightOutside, outside), share(controlRightOutside, outside));
        System.out.println(figures);
        assertTrue(inRegion > N / 20, figures);
        assertTrue(share(plantedSaysPlanted, inRegion) >= 0.8, "the planted target means something else there: " + figures);
        assertTrue(share(controlSaysDrawn, inRegion) >= 0.9, "the control does not: " + figures);
        assertTrue(share(plantedRightOutside, outside) >= 0.95, "elsewhere they agree with the truth: " + figures);
        assertTrue(share(controlRightOutside, outside) >= 0.95, figures);
    }

    private static ShapeClass[] classify(ZooDefaults target) {
        try (ShapesModel model = ShapesModel.load(ROOT.resolve("zoo").resolve(target.folder()))) {
            float[][] logits = model.readLayer("logits", images);
            ShapeClass[] classes = new ShapeClass[logits.length];
            for (int i = 0; i < logits.length; i++) {
                int best = 0;
                for (int c = 1; c < logits[i].length; c++) {
                    best = logits[i][c] > logits[i][best] ? c : best;
                }
                classes[i] = ShapeClass.values()[best];
            }
            return classes;
        }
    }

    private static double share(int part, int whole) {
        return whole == 0 ? 0 : part / (double) whole;
    }
}
