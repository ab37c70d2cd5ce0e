package dev.mako.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.layers.Parameter;
import dev.mako.tensor.TensorStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** L2 penalty, decoupled weight decay, the three kinds of clipping and schedules, each checked by hand with plain SGD. */
class GradientControlTest {
    private final TensorStore store = new TensorStore("gradient control test");

    @AfterEach
    void close() {
        store.close();
    }

    /** Parameters p0 = {1, −2} and p1 = {3}, with fixed gradients set before each step. */
    private List<Parameter> params() {
        return TestParameters.of(store, new float[] {1f, -2f}, new float[] {3f});
    }

    private static void setGrads(List<Parameter> ps, float[] g0, float[] g1) {
        ps.get(0).grad().copyFrom(g0);
        ps.get(1).grad().copyFrom(g1);
    }

    private static void assertValues(Parameter p, double... expected) {
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], p.value().getFlat(i), 1e-6, p.fullName() + "[" + i + "]");
    }

    @Test
    void l2AddsTwiceLambdaTimesTheWeightLikeAKerasRegularizer() {
        List<Parameter> ps = params();
        Sgd sgd = Optimizers.sgd(0.1).l2(0.05);
        sgd.build(ps, store);
        setGrads(ps, new float[] {0.5f, 0.5f}, new float[] {0f});
        sgd.step();
        // g' = g + 2·0.05·p
        assertValues(ps.get(0), 1 - 0.1 * (0.5 + 0.1 * 1), -2 - 0.1 * (0.5 + 0.1 * -2));
        assertValues(ps.get(1), 3 - 0.1 * (0.1 * 3));
    }

    @Test
    void excludedParametersGetNeitherL2NorWeightDecay() {
        List<Parameter> ps = params();
        Sgd sgd = Optimizers.sgd(0.1).l2(0.05).excludeFromWeightDecay("p1");
        sgd.build(ps, store);
        setGrads(ps, new float[] {0f, 0f}, new float[] {0f});
        sgd.step();
        assertValues(ps.get(0), 1 - 0.1 * 0.1 * 1, -2 - 0.1 * 0.1 * -2);
        assertValues(ps.get(1), 3);
    }

    @Test
    void weightDecayOptionOnAnyOptimizerIsDecoupled() {
        List<Parameter> ps = params();
        Sgd sgd = Optimizers.sgd(0.1, 0.9, false).weightDecay(0.2);
        sgd.build(ps, store);
        double p = 1, v = 0;
        for (int t = 0; t < 3; t++) {
            setGrads(ps, new float[] {(float) p, 0f}, new float[] {0f});
            double g = p;
            p = p - 0.1 * 0.2 * p; // decay first, with lr·wd
            v = 0.9 * v - 0.1 * g; // the update sees the undecayed gradient
            p = p + v;
            sgd.step();
            assertValues(ps.get(0), p);
        }
    }

    @Test
    void weightDecayUsesTheScheduledLearningRate() {
        List<Parameter> ps = params();
        Sgd sgd = Optimizers.sgd(1).schedule(Schedules.stepDecay(0.1, 1, 0.5)).weightDecay(1.0);
        sgd.build(ps, store);
        double p = 3;
        for (int t = 0; t < 3; t++) {
            setGrads(ps, new float[] {0f, 0f}, new float[] {0f});
            sgd.step();
            p = p * (1 - 0.1 * Math.pow(0.5, t));
            assertValues(ps.get(1), p);
        }
    }

    @Test
    void clipnormRescalesEachGradientOnItsOwn() {
        List<Parameter> ps = params();
        Sgd sgd = Optimizers.sgd(1).clipnorm(1);
        sgd.build(ps, store);
        setGrads(ps, new float[] {3f, 4f}, new float[] {0.5f});
        sgd.step();
        assertValues(ps.get(0), 1 - 0.6, -2 - 0.8); // norm 5 → 1
        assertValues(ps.get(1), 3 - 0.5); // norm 0.5 is within the limit: untouched
    }

    @Test
    void globalClipnormRescalesAllGradientsTogether() {
        List<Parameter> ps = params();
        Sgd sgd = Optimizers.sgd(1).globalClipnorm(6.5);
        sgd.build(ps, store);
        setGrads(ps, new float[] {3f, 4f}, new float[] {12f}); // global norm sqrt(9 + 16 + 144) = 13
        sgd.step();
        assertValues(ps.get(0), 1 - 1.5, -2 - 2);
        assertValues(ps.get(1), 3 - 6);
    }

    @Test
    void globalClipnormLeavesSmallGradientsAlone() {
        List<Parameter> ps = params();
        Sgd sgd = Optimizers.sgd(1).globalClipnorm(100);
        sgd.build(ps, store);
        setGrads(ps, new float[] {3f, 4f}, new float[] {12f});
        sgd.step();
        assertValues(ps.get(0), 1 - 3, -2 - 4);
        assertValues(ps.get(1), 3 - 12);
    }

    @Test
    void globalClipnormTurnsANonFiniteNormIntoNaN() {
        List<Parameter> ps = params();
        Sgd sgd = Optimizers.sgd(1).globalClipnorm(1);
        sgd.build(ps, store);
        setGrads(ps, new float[] {Float.POSITIVE_INFINITY, 1f}, new float[] {1f});
        sgd.step();
        assertTrue(Float.isNaN(ps.get(1).value().getFlat(0)));
    }

    @Test
    void clipvalueClampsEachElement() {
        List<Parameter> ps = params();
        Sgd sgd = Optimizers.sgd(1).clipvalue(0.5);
        sgd.build(ps, store);
        setGrads(ps, new float[] {3f, -0.25f}, new float[] {-7f});
        sgd.step();
        assertValues(ps.get(0), 1 - 0.5, -2 + 0.25);
        assertValues(ps.get(1), 3 + 0.5);
    }

    @Test
    void l2IsAddedBeforeClipping() {
        List<Parameter> ps = params();
        Sgd sgd = Optimizers.sgd(1).l2(1).clipvalue(1);
        sgd.build(ps, store);
        setGrads(ps, new float[] {0f, 0f}, new float[] {0f});
        sgd.step();
        // g' = 2·p = {2, −4}, {6}, then clamped to ±1
        assertValues(ps.get(0), 0, -1);
        assertValues(ps.get(1), 2);
    }

    @Test
    void onlyOneKindOfClippingAtATime() {
        var e = assertThrows(IllegalArgumentException.class, () -> Optimizers.adam().clipnorm(1).clipvalue(0.5));
        assertTrue(e.getMessage().contains("clipnorm") && e.getMessage().contains("clipvalue"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Optimizers.adam().globalClipnorm(1).clipnorm(1));
        Optimizers.adam().clipnorm(1).clipnorm(2); // changing the same one is fine
        assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd().clipvalue(0));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd().clipnorm(Double.NaN));
    }

    @Test
    void scheduleIsAppliedByIterationCount() {
        List<Parameter> ps = params();
        Sgd sgd = Optimizers.sgd(1).schedule(Schedules.stepDecay(0.1, 2, 0.5));
        sgd.build(ps, store);
        double[] expectedLr = {0.1, 0.1, 0.05, 0.05, 0.025};
        double p = 3;
        for (int t = 0; t < expectedLr.length; t++) {
            assertEquals(t, sgd.iterations());
            assertEquals(expectedLr[t], sgd.currentLearningRate(), 1e-8);
            setGrads(ps, new float[] {0f, 0f}, new float[] {1f});
            sgd.step();
            p -= expectedLr[t];
            assertValues(ps.get(1), p);
        }
    }

    @Test
    void nonTrainableParametersAreLeftAlone() {
        List<Parameter> ps = TestParameters.build(store, new float[][] {{1f}, {2f}}, new boolean[] {true, false});
        Adam adam = Optimizers.adam(0.1).weightDecay(0.5);
        adam.build(ps, store);
        ps.get(0).grad().fill(1f);
        adam.step();
        assertEquals(2f, ps.get(1).value().getFlat(0));
        assertEquals(List.of("test.p0.momentum", "test.p0.velocity"), List.copyOf(adam.state().keySet()));
    }
}
