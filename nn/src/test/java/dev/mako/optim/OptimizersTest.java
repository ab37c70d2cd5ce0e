package dev.mako.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.layers.Parameter;
import dev.mako.tensor.TensorStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The factory, Keras defaults and config keys, and the build lifecycle. */
class OptimizersTest {

    @Test
    void kerasDefaults() {
        assertEquals(0.01, Optimizers.sgd().config().get("learning_rate"));
        assertEquals(0.0, Optimizers.sgd().config().get("momentum"));
        assertEquals(false, Optimizers.sgd().config().get("nesterov"));

        Map<String, Object> adam = Optimizers.adam().config();
        assertEquals(0.001, adam.get("learning_rate"));
        assertEquals(0.9, adam.get("beta_1"));
        assertEquals(0.999, adam.get("beta_2"));
        assertEquals(1e-7, adam.get("epsilon"));
        assertNull(adam.get("weight_decay"));

        Map<String, Object> rms = Optimizers.rmsprop().config();
        assertEquals(0.001, rms.get("learning_rate"));
        assertEquals(0.9, rms.get("rho"));
        assertEquals(1e-7, rms.get("epsilon"));

        Map<String, Object> ada = Optimizers.adagrad().config();
        assertEquals(0.001, ada.get("learning_rate"));
        assertEquals(0.1, ada.get("initial_accumulator_value"));
        assertEquals(1e-7, ada.get("epsilon"));

        assertEquals(0.004, Optimizers.adamw().config().get("weight_decay"));
    }

    @Test
    void configUsesKerasKeys() {
        Map<String, Object> c = Optimizers.adam(0.002).clipnorm(1).config();
        assertEquals(List.of("name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue",
                "beta_1", "beta_2", "epsilon", "amsgrad"), List.copyOf(c.keySet()));
        assertEquals("adam", c.get("name"));
        assertEquals(0.002, c.get("learning_rate"));
        assertEquals(1.0, c.get("clipnorm"));
    }

    @Test
    void scheduleAppearsSerialisedInConfig() {
        Map<String, Object> c = Optimizers.sgd().schedule(Schedules.exponentialDecay(0.1, 100, 0.96)).config();
        Map<?, ?> lr = (Map<?, ?>) c.get("learning_rate");
        assertEquals("ExponentialDecay", lr.get("class_name"));
        assertEquals(100L, ((Map<?, ?>) lr.get("config")).get("decay_steps"));
    }

    @Test
    void fromConfigRoundTripsEveryOptimizer() {
        List<BaseOptimizer<?>> all = List.of(
                Optimizers.sgd(0.05, 0.9, true).weightDecay(0.01).clipvalue(2),
                Optimizers.adam(0.003).betas(0.8, 0.99).epsilon(1e-6).globalClipnorm(5),
                Optimizers.adamw(0.001, 0.02).excludeFromWeightDecay("bias"),
                Optimizers.rmsprop(0.002).rho(0.95).l2(1e-4),
                Optimizers.adagrad(0.1).initialAccumulatorValue(0.2).schedule(Schedules.cosineDecay(0.1, 1000, 0.01)));
        for (BaseOptimizer<?> o : all) {
            BaseOptimizer<?> back = Optimizers.fromConfig(o.config());
            assertEquals(o.getClass(), back.getClass());
            assertEquals(o.config(), back.config());
        }
    }

    @Test
    void fromConfigAcceptsJsonNumbersAndRefusesWhatIsNotImplemented() {
        Map<String, Object> c = new HashMap<>();
        c.put("name", "SGD");
        c.put("learning_rate", 1); // an integer, as a JSON parser may give it
        c.put("momentum", 0.5f);
        assertEquals(1.0, Optimizers.fromConfig(c).config().get("learning_rate"));

        Map<String, Object> ema = new HashMap<>(Optimizers.adam().config());
        ema.put("use_ema", true);
        var e = assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig(ema));
        assertTrue(e.getMessage().contains("use_ema"), e.getMessage());

        Map<String, Object> bad = new HashMap<>(Optimizers.adam().config());
        bad.put("beta_1", "0.9");
        e = assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig(bad));
        assertTrue(e.getMessage().contains("beta_1"), e.getMessage());
    }

    @Test
    void byName() {
        assertInstanceOf(Adam.class, Optimizers.byName("adam", 0.01));
        assertInstanceOf(Sgd.class, Optimizers.byName("SGD", 0.01));
        assertInstanceOf(RmsProp.class, Optimizers.byName("RMSprop", 0.01));
        assertInstanceOf(Adagrad.class, Optimizers.byName("adagrad", 0.01));
        assertInstanceOf(AdamW.class, Optimizers.byName("adamw"));
        assertEquals(0.01f, Optimizers.byName("adam", 0.01).currentLearningRate());
        var e = assertThrows(IllegalArgumentException.class, () -> Optimizers.byName("adamax", 0.01));
        assertTrue(e.getMessage().contains("adamax") && e.getMessage().contains("rmsprop"), e.getMessage());
    }

    @Test
    void badHyperParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd(-1));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd(0.1, 1.5, false));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.adam().beta1(1.0));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.adam().epsilon(0));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.rmsprop().rho(1));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.adagrad().initialAccumulatorValue(-0.1));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.adamw(0.001, -1));
    }

    @Test
    void lifecycle() {
        try (TensorStore store = new TensorStore()) {
            List<Parameter> ps = TestParameters.of(store, new float[] {1f, 2f});
            Sgd sgd = Optimizers.sgd(0.1, 0.9, false);
            assertThrows(IllegalStateException.class, sgd::step);
            sgd.build(ps, store);
            sgd.build(ps, store); // the same parameters again: no-op, as Keras
            assertThrows(IllegalStateException.class, () -> sgd.build(TestParameters.of(store, new float[] {1f}), store));
            assertThrows(IllegalStateException.class, () -> sgd.momentum(0.5));
            sgd.learningRate(0.2); // the learning rate may change after build
            assertEquals(0.2f, sgd.currentLearningRate());
            assertEquals(List.of("test.p0.momentum"), List.copyOf(sgd.state().keySet()));
            sgd.setIterations(7);
            assertEquals(7, sgd.iterations());
        }
    }

    @Test
    void adagradStateStartsAtTheInitialAccumulatorValue() {
        try (TensorStore store = new TensorStore()) {
            List<Parameter> ps = TestParameters.of(store, new float[] {1f, 2f, 3f});
            Adagrad a = Optimizers.adagrad().initialAccumulatorValue(0.25);
            a.build(ps, store);
            for (float v : a.state().get("test.p0.accumulator").toArray()) assertEquals(0.25f, v);
        }
    }
}
