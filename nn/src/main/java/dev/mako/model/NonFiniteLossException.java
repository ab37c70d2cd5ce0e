package dev.mako.model;

/** Training produced a NaN or infinite loss; thrown before that step changes any weight. */
public final class NonFiniteLossException extends ArithmeticException {
    private final int epoch;
    private final int step;
    private final long globalStep;

    NonFiniteLossException(float loss, int epoch, int step, long globalStep) {
        super("loss is " + loss + " at epoch " + (epoch + 1) + ", step " + (step + 1) + " (update " + (globalStep + 1)
                + "); weights were left as they were before this step. Lower the learning rate, clip gradients, or check the inputs for NaN.");
        this.epoch = epoch;
        this.step = step;
        this.globalStep = globalStep;
    }

    /** Zero-based epoch. */
    public int epoch() {
        return epoch;
    }

    /** Zero-based step within the epoch. */
    public int step() {
        return step;
    }

    /** Zero-based count of updates since training began. */
    public long globalStep() {
        return globalStep;
    }
}
