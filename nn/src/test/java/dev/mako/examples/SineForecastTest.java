package dev.mako.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SineForecastTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void recurrentModelBeatsTheLastValueForecast(boolean gru) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        SineForecast.Result r = SineForecast.run(SineForecast.Options.defaults().withEpochs(6).withGru(gru),
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(r.beatsNaive(), out);
        // the naive forecast pays the noise twice (≈ 2σ²) plus the wave's change; a good model gets near σ²
        assertTrue(r.modelMse() < 0.75 * r.naiveMse(), out);
        assertTrue(out.contains("last value") && out.contains("predicted"), out);
    }
}
