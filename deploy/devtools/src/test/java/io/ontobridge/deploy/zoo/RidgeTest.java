package io.ontobridge.deploy.zoo;

import io.ontobridge.models.zoo.Stats;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RidgeTest {
    @Test
    void ridgeRecoversALinearMap() {
        java.util.Random r = new java.util.Random(1);
        float[][] x = new float[400][5];
        double[] y = new double[400];
        for (int i = 0; i < 400; i++) {
            for (int j = 0; j < 5; j++) {
                x[i][j] = (float) r.nextGaussian();
            }
            x[i][4] = 3; // constant column: dropped
            y[i] = 2 * x[i][0] - x[i][2] + 0.01 * r.nextGaussian() + 5;
        }
        Ridge fit = Ridge.fit(x, y);
        assertEquals(1.0, Stats.r2(y, fit.predict(x)), 1e-3);
    }
}
