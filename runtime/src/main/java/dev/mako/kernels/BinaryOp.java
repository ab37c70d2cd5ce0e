package dev.mako.kernels;

/**
 * The elementwise binary operations the contiguous kernels ({@link Elementwise}) and the
 * broadcasting walker ({@link Broadcast}) share. {@link #apply} is the scalar definition.
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV,
    /** {@link Math#max} semantics: NaN if either operand is NaN; +0.0 is larger than -0.0. */
    MAX;

    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
        };
    }
}
