package dev.mako.autograd;

import dev.mako.tensor.Tensor;

/**
 * One recorded operation: its backward rule, output, inputs and whatever the backward pass needs.
 * Nodes are pooled by the {@link Tape} and reused every step; an op fills the fields it uses.
 */
public final class Node {
    public Op op;
    public Tensor out;
    /** Inputs, in the op's own order; unused ones are null. */
    public Tensor a, b, c, d;
    /** Tensors saved for backward (e.g. a dropout mask, batch statistics). */
    public Tensor saved0, saved1;
    /** Op parameters (e.g. an axis, an activation ordinal, a slope). */
    public int i0, i1, i2;
    public float f0, f1;
    /** Op parameter that is an object, e.g. an activation constant or a layer's config. */
    public Object obj;
    /** The tape's scope (a layer's position) when the node was recorded; -1 for none. */
    public int scope = -1;

    void clear() {
        op = null;
        out = a = b = c = d = saved0 = saved1 = null;
        i0 = i1 = i2 = 0;
        f0 = f1 = 0f;
        obj = null;
        scope = -1;
    }
}
