package dev.mako.autograd;

/**
 * The backward rule of one kind of recorded operation. Implementations are stateless singletons:
 * everything a backward pass needs is in the {@link Node} (inputs, output, saved tensors,
 * parameters), so recording an op allocates nothing.
 */
public interface Op {
    /**
     * Adds this op's contribution to the gradients of its inputs that require them, given
     * {@code node.out.grad}. Gradients accumulate: use {@link Tape#grad} to get an input's
     * gradient tensor (created zero-filled on first use) and add into it.
     */
    void backward(Node node, Tape tape);

    /** Short name for tables and errors, e.g. "dense" or "softmax_cross_entropy". */
    String name();
}
