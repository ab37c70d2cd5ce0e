package dev.mako.bench.dl4j;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The networks of {@code torch_mnist.py} in DL4J, with Keras' recipe where PyTorch's defaults
 * differ: Glorot-uniform weights, zero biases, Adam(lr 1e-3, β 0.9/0.999, ε 1e-7), softmax with
 * cross-entropy. Images come in as {@code [n, 784]} rows; the recurrent models read them as 28
 * steps of 28 pixels ({@code [n, 28, 28]}, steps before features).
 */
final class Models {
    private Models() {}

    static final int SIDE = 28;

    static MultiLayerNetwork build(String workload, long seed) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(1e-3, 0.9, 0.999, 1e-7))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .list();
        switch (workload) {
            case "mlp" -> mlp(list);
            case "cnn" -> convnet(list);
            case "lenet" -> lenet(list);
            case "rnn" -> recurrent(list, new SimpleRnn.Builder().nOut(128).activation(Activation.TANH).build());
            case "lstm" -> recurrent(list, new LSTM.Builder().nOut(128).activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID).build());
            default -> throw new IllegalArgumentException("no DL4J model for workload '" + workload + "'");
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /** True for the models that read an image as a sequence of rows. */
    static boolean recurrent(String workload) {
        return workload.equals("rnn") || workload.equals("lstm");
    }

    /** Flatten → Dense 128 relu → Dense 64 relu → Dense 10 softmax. */
    private static void mlp(NeuralNetConfiguration.ListBuilder list) {
        list.layer(dense(128)).layer(dense(64)).layer(softmax()).setInputType(InputType.feedForward(SIDE * SIDE));
    }

    /** Keras' simple MNIST convnet: Conv 32 3×3 relu → MaxPool 2 → Conv 64 3×3 relu → MaxPool 2 → Flatten → Dropout 0.5 → Dense 10 softmax. */
    private static void convnet(NeuralNetConfiguration.ListBuilder list) {
        list.layer(conv(3, 32, 0)).layer(pool(SubsamplingLayer.PoolingType.MAX))
                .layer(conv(3, 64, 0)).layer(pool(SubsamplingLayer.PoolingType.MAX))
                .layer(new DropoutLayer.Builder(0.5).build()) // DL4J takes the probability of keeping; 0.5 either way
                .layer(softmax())
                .setInputType(InputType.convolutionalFlat(SIDE, SIDE, 1));
    }

    /** LeNet-5 as torch_mnist.py has it: Conv 6 5×5 pad 2 relu → AvgPool 2 → Conv 16 5×5 relu → AvgPool 2 → Dense 120 → 84 relu → 10 softmax. */
    private static void lenet(NeuralNetConfiguration.ListBuilder list) {
        list.layer(conv(5, 6, 2)).layer(pool(SubsamplingLayer.PoolingType.AVG))
                .layer(conv(5, 16, 0)).layer(pool(SubsamplingLayer.PoolingType.AVG))
                .layer(dense(120)).layer(dense(84)).layer(softmax())
                .setInputType(InputType.convolutionalFlat(SIDE, SIDE, 1));
    }

    /** Row-by-row: the recurrent layer of 128 over 28 steps, its last output → Dense 10 softmax. */
    private static void recurrent(NeuralNetConfiguration.ListBuilder list, org.deeplearning4j.nn.conf.layers.Layer cell) {
        list.layer(new LastTimeStep(cell)).layer(softmax()).setInputType(InputType.recurrent(SIDE, SIDE, RNNFormat.NWC));
    }

    private static DenseLayer dense(int units) {
        return new DenseLayer.Builder().nOut(units).activation(Activation.RELU).build();
    }

    private static ConvolutionLayer conv(int kernel, int filters, int padding) {
        return new ConvolutionLayer.Builder(kernel, kernel).stride(1, 1).padding(padding, padding)
                .nOut(filters).activation(Activation.RELU).build();
    }

    private static SubsamplingLayer pool(SubsamplingLayer.PoolingType type) {
        return new SubsamplingLayer.Builder(type).kernelSize(2, 2).stride(2, 2).build();
    }

    private static OutputLayer softmax() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(Mnist.CLASSES).activation(Activation.SOFTMAX).build();
    }
}
