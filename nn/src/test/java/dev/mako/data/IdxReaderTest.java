package dev.mako.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mako.io.FileFormatException;
import dev.mako.tensor.Tensor;
import dev.mako.tensor.TensorStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    private final TensorStore store = new TensorStore("idx test");

    @AfterEach
    void close() {
        store.close();
    }

    /** A 2 × 2 × 3 unsigned-byte file: pixel values 0, 51, 102, ..., 255 and beyond in steps of 51 (mod 256). */
    static byte[] smallImages() {
        ByteBuffer b = ByteBuffer.allocate(4 + 12 + 12);
        b.put(new byte[] {0, 0, 0x08, 3}).putInt(2).putInt(2).putInt(3);
        for (int i = 0; i < 12; i++) b.put((byte) (i * 51));
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private String error(Path f) {
        FileFormatException e = assertThrows(FileFormatException.class, () -> IdxReader.readImages(f, store));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsSmallFileRawAndGzip() throws IOException {
        float[] expected = new float[12];
        for (int i = 0; i < 12; i++) expected[i] = (float) (((i * 51) & 0xFF) / 255.0);
        for (Path f : new Path[] {write("raw-idx3-ubyte", smallImages()), write("gz-idx3-ubyte.gz", gzip(smallImages()))}) {
            Tensor t = IdxReader.readImages(f, store);
            assertArrayEquals(new int[] {2, 2, 3}, t.shape());
            assertArrayEquals(expected, t.toArray());
            assertEquals(1.0f, t.get(0, 1, 2), "255 maps to exactly 1");
        }
    }

    @Test
    void readsOtherElementTypes() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 3 * 8);
        b.put(new byte[] {0, 0, 0x0E, 1}).putInt(3).putDouble(1.5).putDouble(-2).putDouble(1e6);
        assertArrayEquals(new float[] {1.5f, -2f, 1e6f}, IdxReader.read(write("d", b.array()), store).toArray());
        b = ByteBuffer.allocate(4 + 8 + 4 * 2);
        b.put(new byte[] {0, 0, 0x0B, 2}).putInt(2).putInt(2).putShort((short) -300).putShort((short) 7).putShort((short) 0).putShort((short) 32767);
        assertArrayEquals(new float[] {-300, 7, 0, 32767}, IdxReader.read(write("s", b.array()), store).toArray());
        b = ByteBuffer.allocate(4 + 4 + 3);
        b.put(new byte[] {0, 0, 0x09, 1}).putInt(3).put((byte) -128).put((byte) 0).put((byte) 127);
        assertArrayEquals(new float[] {-128, 0, 127}, IdxReader.readLabels(write("b", b.array()), store).toArray());
        b = ByteBuffer.allocate(4 + 4 + 8);
        b.put(new byte[] {0, 0, 0x0C, 1}).putInt(2).putInt(-5).putInt(1 << 20);
        assertArrayEquals(new float[] {-5, 1 << 20}, IdxReader.read(write("i", b.array()), store).toArray());
        b = ByteBuffer.allocate(4 + 4 + 8);
        b.put(new byte[] {0, 0, 0x0D, 1}).putInt(2).putFloat(0.1f).putFloat(-3f);
        assertArrayEquals(new float[] {0.05f, -1.5f}, IdxReader.read(write("f", b.array()), store, 2.0).toArray());
    }

    @Test
    void truncatedFilesNameExpectedAndActualLength() throws IOException {
        byte[] good = smallImages();
        String msg = error(write("short-idx3-ubyte", Arrays.copyOf(good, good.length - 5)));
        assertTrue(msg.contains("truncated") && msg.contains("28 bytes") && msg.contains("23 bytes"), msg);
        // gzip of a truncated payload: complete gzip stream, short content.
        msg = error(write("short.gz", gzip(Arrays.copyOf(good, good.length - 5))));
        assertTrue(msg.contains("truncated") && msg.contains("28 bytes") && msg.contains("23 bytes"), msg);
        // a gzip stream cut in the middle.
        byte[] gz = gzip(good);
        msg = error(write("cut.gz", Arrays.copyOf(gz, gz.length - 10)));
        assertTrue(msg.contains("truncated gzip stream"), msg);
        msg = error(write("tiny", new byte[] {0, 0}));
        assertTrue(msg.contains("4-byte IDX magic"), msg);
        msg = error(write("dims", new byte[] {0, 0, 8, 3, 0, 0, 0, 2}));
        assertTrue(msg.contains("3 dimensions") && msg.contains("ends after 8 bytes"), msg);
    }

    @Test
    void trailingGarbageIsAnError() throws IOException {
        byte[] good = smallImages();
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        String msg = error(write("long", longer));
        assertTrue(msg.contains("trailing") && msg.contains("28") && msg.contains("31 bytes"), msg);
        msg = error(write("long.gz", gzip(longer)));
        assertTrue(msg.contains("trailing") && msg.contains("28 bytes"), msg);
    }

    @Test
    void wrongMagicTypeAndDimensions() throws IOException {
        byte[] bad = smallImages();
        bad[0] = 0x50;
        assertTrue(error(write("magic", bad)).contains("bad magic number 0x50000803 at offset 0"));
        bad = smallImages();
        bad[2] = 0x0A;
        assertTrue(error(write("type", bad)).contains("unknown element type 0x0a at offset 2"));
        bad = smallImages();
        bad[3] = 0;
        assertTrue(error(write("zero-dims", bad)).contains("dimension count 0 at offset 3"));
        ByteBuffer labels = ByteBuffer.allocate(4 + 4 + 2).put(new byte[] {0, 0, 8, 1}).putInt(2).put((byte) 1).put((byte) 2);
        String msg = error(write("labels-as-images", labels.array()));
        assertTrue(msg.contains("expected 3 dimensions, the file has 1 [2]"), msg);
        ByteBuffer huge = ByteBuffer.allocate(16).put(new byte[] {0, 0, 8, 3}).putInt(-1).putInt(1).putInt(1);
        assertTrue(error(write("huge", huge.array())).contains("dimension 0 is 4294967295"));
        ByteBuffer lies = ByteBuffer.allocate(16).put(new byte[] {0, 0, 8, 3}).putInt(1_000_000).putInt(1000).putInt(1000);
        assertTrue(error(write("lies.gz", gzip(lies.array()))).contains("cannot hold that much"));
        FileFormatException e = assertThrows(FileFormatException.class,
                () -> IdxReader.readLabels(write("images-as-labels", smallImages()), store));
        assertTrue(e.getMessage().contains("expected 1 dimension, the file has 3"), e.getMessage());
    }

    @Test
    void readsRealMnist() throws IOException {
        Path mnist = SharedMnist.dir();
        long t0 = System.nanoTime();
        Tensor x = IdxReader.readImages(mnist.resolve("train-images-idx3-ubyte.gz"), store);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Tensor y = IdxReader.readLabels(mnist.resolve("train-labels-idx1-ubyte.gz"), store);
        assertArrayEquals(new int[] {60000, 28, 28}, x.shape());
        assertArrayEquals(new int[] {60000}, y.shape());
        assertArrayEquals(new float[] {5, 0, 4, 1, 9}, Arrays.copyOf(y.toArray(), 5));
        float[] px = x.toArray();
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        double sum = 0;
        for (float v : px) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        assertEquals(0.1307, sum / px.length, 1e-4, "the well-known MNIST mean pixel");
        Tensor xt = IdxReader.readImages(mnist.resolve("t10k-images-idx3-ubyte.gz"), store);
        Tensor yt = IdxReader.readLabels(mnist.resolve("t10k-labels-idx1-ubyte.gz"), store);
        assertArrayEquals(new int[] {10000, 28, 28}, xt.shape());
        assertArrayEquals(new float[] {7, 2, 1, 0, 4}, Arrays.copyOf(yt.toArray(), 5));
        System.out.println("60000 training images read in " + ms + " ms");
        assertTrue(ms < 3000, "reading 60000 images took " + ms + " ms");
    }
}
