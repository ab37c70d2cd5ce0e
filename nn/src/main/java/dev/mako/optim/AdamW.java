package dev.mako.optim;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter), as Keras 3's {@code AdamW}
 * (default weight decay 0.004): before each Adam update, {@code p ← p − lr·wd·p}, where lr is
 * the scheduled learning rate of that step; the gradient and Adam's moments never see the decay.
 * <b>PyTorch's AdamW</b> decays the same way ({@code p ← p − lr·wd·p}) but defaults to
 * {@code weight_decay=0.01} and ε = 1e-8 added after bias correction (see {@link Adam}).
 */
public final class AdamW extends Adam {
    public static final double DEFAULT_WEIGHT_DECAY = 0.004;

    public AdamW(double learningRate, double weightDecay) {
        super(learningRate);
        weightDecay(weightDecay);
    }

    @Override
    public String name() {
        return "adamw";
    }
}
