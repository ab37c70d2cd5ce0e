package dev.mako.layers;

import dev.mako.autograd.Tape;
import dev.mako.ops.BatchNormOp;
import dev.mako.ops.ReshapeOp;
import dev.mako.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Keras' {@code BatchNormalization} over the last axis (axis = -1): the features of dense inputs
 * [batch, features], or the channels of NHWC feature maps [batch, H, W, C], which are normalised as
 * the [batch·H·W, C] matrix they are in memory (statistics per channel over the batch and every
 * pixel). Any per-sample rank ≥ 1 works the same way:
 * trainable {@code gamma} (ones) and {@code beta} (zeros), non-trainable {@code moving_mean}
 * (zeros) and {@code moving_variance} (ones) — 4C parameters, 2C of them non-trainable. Training
 * normalises with the batch statistics and updates the moving ones with {@code momentum};
 * evaluation uses the moving statistics.
 */
public final class BatchNormalization extends Layer {
    public static final float DEFAULT_MOMENTUM = 0.99f;
    public static final float DEFAULT_EPSILON = 1e-3f;

    private final float momentum;
    private final float epsilon;
    private Parameter gamma, beta, movingMean, movingVariance;

    public BatchNormalization() {
        this(DEFAULT_MOMENTUM, DEFAULT_EPSILON);
    }

    public BatchNormalization(float momentum, float epsilon) {
        if (!(momentum >= 0f && momentum <= 1f)) throw new IllegalArgumentException("BatchNormalization momentum must be in [0, 1], got " + momentum);
        if (!(epsilon > 0f)) throw new IllegalArgumentException("BatchNormalization epsilon must be positive, got " + epsilon);
        this.momentum = momentum;
        this.epsilon = epsilon;
    }

    @Override
    public String type() {
        return "BatchNormalization";
    }

    @Override
    protected int[] doBuild(int[] inputShape, BuildContext ctx, SplittableRandom random) {
        if (inputShape.length == 0) throw new IllegalArgumentException("BatchNormalization needs a feature axis; got scalar samples");
        int[] features = {inputShape[inputShape.length - 1]};
        gamma = addParameter("gamma", features, true);
        beta = addParameter("beta", features, true);
        movingMean = addParameter("moving_mean", features, false);
        movingVariance = addParameter("moving_variance", features, false);
        gamma.value().fill(1f);
        movingVariance.value().fill(1f);
        return inputShape;
    }

    @Override
    public Tensor forward(Tape tape, Tensor x, boolean training) {
        checkInput(x);
        if (x.rank() == 2) return normalize(tape, x, training);
        int c = x.dim(x.rank() - 1);
        Tensor y = normalize(tape, ReshapeOp.apply(tape, x, (int) (x.size() / c), c), training);
        return switch (x.rank()) {
            case 3 -> ReshapeOp.apply(tape, y, x.dim(0), x.dim(1), x.dim(2));
            case 4 -> ReshapeOp.apply(tape, y, x.dim(0), x.dim(1), x.dim(2), x.dim(3));
            default -> ReshapeOp.apply(tape, y, x.shape());
        };
    }

    private Tensor normalize(Tape tape, Tensor x, boolean training) {
        return BatchNormOp.apply(tape, x, gamma.value(), beta.value(), movingMean.value(), movingVariance.value(), momentum, epsilon, training);
    }

    public Parameter gamma() {
        return gamma;
    }

    public Parameter beta() {
        return beta;
    }

    public Parameter movingMean() {
        return movingMean;
    }

    public Parameter movingVariance() {
        return movingVariance;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axis", -1);
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        c.put("center", true);
        c.put("scale", true);
        c.put("beta_initializer", "zeros");
        c.put("gamma_initializer", "ones");
        c.put("moving_mean_initializer", "zeros");
        c.put("moving_variance_initializer", "ones");
        return c;
    }
}
