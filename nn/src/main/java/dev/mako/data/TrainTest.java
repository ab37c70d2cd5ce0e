package dev.mako.data;

/** The training and test parts of a data set, closed together. */
public record TrainTest(Dataset train, Dataset test) implements AutoCloseable {
    @Override
    public void close() {
        try {
            train.close();
        } finally {
            test.close();
        }
    }
}
