package dev.mako.classic;

import java.util.Arrays;

/** The training loss of each epoch, in order. */
public record LossHistory(double[] losses) {
    public LossHistory {
        losses = losses.clone();
    }

    @Override
    public double[] losses() {
        return losses.clone();
    }

    public int epochs() {
        return losses.length;
    }

    public double first() {
        return losses[0];
    }

    public double last() {
        return losses[losses.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossHistory h && Arrays.equals(losses, h.losses);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(losses);
    }

    @Override
    public String toString() {
        return "LossHistory" + Arrays.toString(losses);
    }
}
