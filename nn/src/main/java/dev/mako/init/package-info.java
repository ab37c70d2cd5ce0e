/**
 * Weight initializers with Keras 3's definitions: constants, random uniform/normal/truncated
 * normal (default scale 0.05), and the variance-scaling family — Glorot/Xavier (fan average),
 * He/Kaiming (scale 2, fan-in) and LeCun (fan-in), each uniform or truncated normal. Keras'
 * "normal" variants are truncated at 2σ with σ divided by 0.8796 so the variance comes out
 * right; PyTorch's {@code xavier_normal_} and {@code kaiming_normal_} are untruncated (use
 * {@code varianceScaling(..., UNTRUNCATED_NORMAL)}). All randomness comes from the
 * {@code SplittableRandom} a layer passes, so a model seed fixes every weight.
 */
package dev.mako.init;
