package dev.mako.layers;

import dev.mako.kernels.Activation;

/** Short factories for the Keras-like model API: {@code Sequential.of(Layers.flatten(28, 28), Layers.dense(128, Activation.RELU), ...)}. */
public final class Layers {
    private Layers() {}

    /** Declares the per-sample input shape of a model (Keras' {@code Input(shape=...)}). */
    public static InputLayer input(int... shape) {
        return new InputLayer(shape);
    }

    public static Flatten flatten() {
        return new Flatten();
    }

    /** A Flatten that declares the model's per-sample input shape, e.g. {@code flatten(28, 28)}. */
    public static Flatten flatten(int... inputShape) {
        Flatten f = new Flatten();
        f.withInputShape(inputShape);
        return f;
    }

    /** Dense with no activation ("linear") and a bias. */
    public static Dense dense(int units) {
        return new Dense(units, LayerActivation.LINEAR, true);
    }

    public static Dense dense(int units, Activation activation) {
        return new Dense(units, activation, true);
    }

    public static Dense dense(int units, LayerActivation activation) {
        return new Dense(units, activation, true);
    }

    /** By Keras name, softmax included: {@code dense(10, "softmax")}. */
    public static Dense dense(int units, String activation) {
        return new Dense(units, LayerActivation.fromName(activation), true);
    }

    public static Dropout dropout(float rate) {
        return new Dropout(rate);
    }

    public static Dropout dropout(float rate, long seed) {
        return new Dropout(rate, seed);
    }

    public static BatchNormalization batchNorm() {
        return new BatchNormalization();
    }

    public static BatchNormalization batchNorm(float momentum, float epsilon) {
        return new BatchNormalization(momentum, epsilon);
    }

    public static ActivationLayer activation(String name) {
        return new ActivationLayer(name);
    }

    public static ActivationLayer linear() {
        return new ActivationLayer(LayerActivation.LINEAR);
    }

    public static ActivationLayer step() {
        return new ActivationLayer(LayerActivation.STEP);
    }

    public static ActivationLayer sigmoid() {
        return new ActivationLayer(LayerActivation.SIGMOID);
    }

    public static ActivationLayer tanh() {
        return new ActivationLayer(LayerActivation.TANH);
    }

    public static ActivationLayer relu() {
        return new ActivationLayer(LayerActivation.RELU);
    }

    public static ActivationLayer softmax() {
        return new ActivationLayer(LayerActivation.SOFTMAX);
    }

    /** Keras' LeakyReLU layer, negative slope 0.3. */
    public static LeakyReLU leakyRelu() {
        return new LeakyReLU();
    }

    public static LeakyReLU leakyRelu(float negativeSlope) {
        return new LeakyReLU(negativeSlope);
    }

    /** SimpleRNN, tanh, returning the last state. */
    public static SimpleRNN simpleRnn(int units) {
        return new SimpleRNN(units);
    }

    public static SimpleRNN simpleRnn(int units, boolean returnSequences) {
        return new SimpleRNN(units, returnSequences);
    }

    /** LSTM returning the last state. */
    public static LSTM lstm(int units) {
        return new LSTM(units);
    }

    public static LSTM lstm(int units, boolean returnSequences) {
        return new LSTM(units, returnSequences);
    }

    /** GRU (reset_after) returning the last state. */
    public static GRU gru(int units) {
        return new GRU(units);
    }

    public static GRU gru(int units, boolean returnSequences) {
        return new GRU(units, returnSequences);
    }

    /** The same Dense applied to every time step: [batch, timesteps, in] → [batch, timesteps, units]. */
    public static TimeDistributed timeDistributed(Dense layer) {
        return new TimeDistributed(layer);
    }

    /** Conv2D with a square kernel, stride 1, 'valid' padding and a bias: {@code conv2d(32, 3, Activation.RELU)}. */
    public static Conv2D conv2d(int filters, int kernelSize, Activation activation) {
        return new Conv2D(filters, kernelSize, kernelSize, LayerActivation.of(activation));
    }

    /** By Keras activation name, softmax included. */
    public static Conv2D conv2d(int filters, int kernelSize, String activation) {
        return new Conv2D(filters, kernelSize, kernelSize, LayerActivation.fromName(activation));
    }

    /** Conv2D with a kh × kw kernel; strides, padding, dilation and bias are set on the result. */
    public static Conv2D conv2d(int filters, int kernelH, int kernelW, LayerActivation activation) {
        return new Conv2D(filters, kernelH, kernelW, activation);
    }

    /** MaxPooling2D with a square pool, strides equal to it, 'valid' padding. */
    public static MaxPooling2D maxPool2d(int poolSize) {
        return new MaxPooling2D(poolSize, poolSize);
    }

    public static MaxPooling2D maxPool2d(int poolH, int poolW) {
        return new MaxPooling2D(poolH, poolW);
    }

    /** AveragePooling2D with a square pool, strides equal to it, 'valid' padding. */
    public static AveragePooling2D avgPool2d(int poolSize) {
        return new AveragePooling2D(poolSize, poolSize);
    }

    public static AveragePooling2D avgPool2d(int poolH, int poolW) {
        return new AveragePooling2D(poolH, poolW);
    }

    public static GlobalAveragePooling2D globalAvgPool2d() {
        return new GlobalAveragePooling2D();
    }
}
