package dev.mako.autograd;

import dev.mako.tensor.Tensor;
import dev.mako.tensor.Workspace;

/**
 * Define-by-run reverse-mode autograd: the record of one step.
 *
 * <p>An op whose inputs require gradients appends a {@link Node} (in execution order, which is
 * already a topological order); {@link #backward} seeds the scalar loss with 1 and walks the nodes
 * in reverse, each adding into its inputs' gradients. The walk is a loop, not a recursion, so
 * tapes of thousands of nodes (long recurrent sequences) are fine.
 *
 * <p>Step tensors (outputs, intermediate gradients) come from the tape's {@link Workspace}; nodes
 * are pooled. Call {@link #reset()} when the step is over: the nodes and the workspace are
 * recycled, and a step that repeats the same ops allocates nothing on the Java heap.
 * Parameter gradients live with the parameters and survive the reset until {@code zeroGrad}.
 *
 * <p>Inside {@link #noGrad()} nothing is recorded: inference runs with no tape overhead.
 * One thread at a time.
 */
public final class Tape implements AutoCloseable {
    private final Workspace workspace;
    private final boolean ownsWorkspace;
    private Node[] nodes = new Node[64];
    private int size;
    private int noGradDepth;
    private final NoGradScope noGradScope = new NoGradScope();
    private int scope = -1;
    private StepProfile profile;

    /** A tape with its own workspace. */
    public Tape() {
        this(new Workspace(), true);
    }

    /** A tape over a workspace the caller owns (and resets). */
    public Tape(Workspace workspace) {
        this(workspace, false);
    }

    private Tape(Workspace workspace, boolean owns) {
        this.workspace = workspace;
        this.ownsWorkspace = owns;
        for (int i = 0; i < nodes.length; i++) nodes[i] = new Node();
    }

    /** Where ops allocate their outputs and intermediate gradients. */
    public Workspace workspace() {
        return workspace;
    }

    /** True unless inside a {@link #noGrad()} scope. */
    public boolean isRecording() {
        return noGradDepth == 0;
    }

    /** True when an op on these inputs must be recorded (any input requires a gradient). */
    public boolean needsGrad(Tensor a) {
        return noGradDepth == 0 && a != null && a.requiresGrad;
    }

    public boolean needsGrad(Tensor a, Tensor b) {
        return noGradDepth == 0 && ((a != null && a.requiresGrad) || (b != null && b.requiresGrad));
    }

    public boolean needsGrad(Tensor a, Tensor b, Tensor c) {
        return noGradDepth == 0 && ((a != null && a.requiresGrad) || (b != null && b.requiresGrad) || (c != null && c.requiresGrad));
    }

    /**
     * Appends a node for {@code op} producing {@code out} and marks {@code out} as requiring a
     * gradient. The op then fills the node's inputs and saved fields.
     */
    public Node record(Op op, Tensor out) {
        if (size == nodes.length) grow();
        Node n = nodes[size++];
        n.clear();
        n.op = op;
        n.out = out;
        n.scope = scope;
        out.requiresGrad = true;
        return n;
    }

    /** Marks the nodes recorded from now on as belonging to {@code scope} (a layer's position), for {@link StepProfile}. */
    public void scope(int scope) {
        this.scope = scope;
    }

    /** Times every backward rule into {@code profile} by its node's scope; null stops timing. */
    public void profile(StepProfile profile) {
        this.profile = profile;
    }

    /** The profile backward rules are timed into, or null. */
    public StepProfile profile() {
        return profile;
    }

    /** Nodes recorded since the last reset. */
    public int size() {
        return size;
    }

    /** The node at position {@code i} in execution order (for inspection and tests). */
    public Node node(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("node " + i + " of " + size);
        return nodes[i];
    }

    /**
     * The node that produced {@code t} in this step, or null if none did (searching from the most
     * recent node, so the output of the op just before is found at once). Lets a fused op see,
     * for example, that its input is a softmax.
     */
    public Node producer(Tensor t) {
        if (t == null || !t.requiresGrad) return null;
        for (int i = size - 1; i >= 0; i--) {
            if (nodes[i].out == t) return nodes[i];
        }
        return null;
    }

    /** How many nodes recorded this step take {@code t} as an input. */
    public int uses(Tensor t) {
        int count = 0;
        for (int i = 0; i < size; i++) {
            Node n = nodes[i];
            if (n.a == t || n.b == t || n.c == t || n.d == t) count++;
        }
        return count;
    }

    /**
     * The gradient tensor of {@code t}, created zero-filled in the workspace on first use.
     * Backward rules add into it.
     */
    public Tensor grad(Tensor t) {
        Tensor g = t.grad;
        if (g == null || !g.isValid()) {
            g = workspace.zerosLike(t);
            t.grad = g;
        }
        return g;
    }

    /**
     * For an op that writes every element of {@code t}'s gradient instead of adding into it: when
     * {@code t} has no gradient yet this step, a new uninitialised one becomes its gradient and is
     * returned (saving the zero fill and the reads of those zeros); otherwise null, and the op adds
     * into {@link #grad}.
     */
    public Tensor gradToWrite(Tensor t) {
        if (t.grad != null && t.grad.isValid()) return null;
        Tensor g = workspace.allocateLike(t);
        t.grad = g;
        return g;
    }

    /** Reverse-mode pass from a scalar {@code loss}: d loss / d loss = 1, then every node in reverse. */
    public void backward(Tensor loss) {
        if (loss.size() != 1) {
            throw new IllegalArgumentException("backward() needs a scalar loss, got shape " + loss.shapeString());
        }
        if (!loss.requiresGrad) {
            throw new IllegalStateException("loss does not depend on any tensor that requires a gradient (was it computed inside noGrad()?)");
        }
        grad(loss).fill(1f);
        for (int i = size - 1; i >= 0; i--) {
            Node n = nodes[i];
            if (n.out.grad == null || !n.out.grad.isValid()) continue;
            if (profile == null) {
                n.op.backward(n, this);
            } else {
                long start = System.nanoTime();
                n.op.backward(n, this);
                profile.add(n.scope, StepProfile.Phase.BACKWARD, System.nanoTime() - start);
            }
        }
    }

    /**
     * Ends the step: forgets the nodes and recycles the workspace (if this tape owns it). Inputs
     * whose gradient was made in the workspace (a long-lived tensor that requires a gradient but
     * is not a parameter) lose it: the workspace recycles tensor headers, so a stale reference
     * would otherwise come back to life as some other tensor of the next step.
     */
    public void reset() {
        for (int i = 0; i < size; i++) {
            Node n = nodes[i];
            dropStepGradient(n.a);
            dropStepGradient(n.b);
            dropStepGradient(n.c);
            dropStepGradient(n.d);
            n.clear();
        }
        size = 0;
        scope = -1;
        if (ownsWorkspace) workspace.reset();
    }

    private void dropStepGradient(Tensor t) {
        if (t != null && t.grad != null && t.grad.owner() == workspace) t.grad = null;
    }

    /** A scope in which nothing is recorded: {@code try (var s = tape.noGrad()) { ... }}. Nests. */
    public NoGradScope noGrad() {
        noGradDepth++;
        return noGradScope;
    }

    @Override
    public void close() {
        reset();
        if (ownsWorkspace) workspace.close();
    }

    private void grow() {
        Node[] bigger = new Node[nodes.length * 2];
        System.arraycopy(nodes, 0, bigger, 0, nodes.length);
        for (int i = nodes.length; i < bigger.length; i++) bigger[i] = new Node();
        nodes = bigger;
    }

    /** Closing the scope resumes recording. Reused: opening a scope allocates nothing. */
    public final class NoGradScope implements AutoCloseable {
        private NoGradScope() {}

        @Override
        public void close() {
            if (noGradDepth == 0) throw new IllegalStateException("noGrad scope closed twice");
            noGradDepth--;
        }
    }
}
