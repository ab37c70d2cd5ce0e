package dev.mako.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mako.ops.MulOp;
import dev.mako.ops.SumOp;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import org.junit.jupiter.api.Test;

/** A long-lived tensor's step gradient ends with the step, and the next step starts it afresh. */
class TapeGradientLifetimeTest {
    @Test
    void aStoredVariableGetsAFreshGradientEveryStep() {
        try (TensorStore store = new TensorStore(); Tape tape = new Tape()) {
            Tensor x = store.of(new float[] {1, 2, 3}, 3), w = store.of(new float[] {4, 5, 6}, 3);
            x.requiresGrad = true;
            for (int step = 0; step < 3; step++) {
                tape.backward(SumOp.apply(tape, MulOp.apply(tape, x, w)));
                assertArrayEquals(new float[] {4, 5, 6}, x.grad.toArray());
                tape.reset();
                assertNull(x.grad, "the step that made the gradient has ended");
                // Workspace headers are recycled: a stale gradient reference must not reach them.
                tape.workspace().allocate(1);
            }
        }
    }
}
