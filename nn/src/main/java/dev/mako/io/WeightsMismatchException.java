package dev.mako.io;

/** A strict load found missing, unexpected or differently shaped tensors; nothing was copied. */
public final class WeightsMismatchException extends IllegalArgumentException {
    private final transient LoadReport report;

    public WeightsMismatchException(LoadReport report) {
        super("weights do not match the model, so a strict load copied nothing. " + report.describe());
        this.report = report;
    }

    public LoadReport report() {
        return report;
    }
}
