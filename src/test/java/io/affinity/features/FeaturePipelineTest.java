package io.affinity.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared feature definition: fitted on training rows only, robust to the unseen, the missing and the extreme. */
class FeaturePipelineTest {

    static final PreprocessingPolicy NO_CLIP = new PreprocessingPolicy(MissingPolicy.MEDIAN, 0, 2, 0);

    static List<Object[]> rows(Object[]... rows) {
        return new ArrayList<>(List.of(rows));
    }

    @Test
    void scalesWithTrainingMinAndMaxAndFillsMissingWithTheMedian() {
        var p = FeaturePipeline.fit(
                List.of("spend"),
                List.of(),
                NO_CLIP,
                rows(new Object[] {10.0}, new Object[] {20.0}, new Object[] {30.0}, new Object[] {null}));
        var t = p.transformer();
        assertArrayEquals(new float[] {0f}, t.transform(new Object[] {10.0}));
        assertArrayEquals(new float[] {0.5f}, t.transform(new Object[] {null}), "median 20 -> 0.5");
        assertArrayEquals(new float[] {1f}, t.transform(new Object[] {500.0}), "beyond training max is clipped");
        assertArrayEquals(new float[] {0.5f}, t.transform(new Object[] {Double.NaN}), "NaN counts as missing");
    }

    @Test
    void clipsOutliersToTrainingQuantiles() {
        List<Object[]> train = new ArrayList<>();
        for (int i = 1; i <= 99; i++) train.add(new Object[] {(double) i});
        train.add(new Object[] {1_000_000.0}); // one whale must not squash everyone else into 0
        var p = FeaturePipeline.fit(
                List.of("spend"), List.of(), new PreprocessingPolicy(MissingPolicy.MEDIAN, 0.02, 1, 0), train);
        NumericFeature f = p.numeric().get(0);
        assertTrue(f.high() < 200, "upper clip at the 98th percentile, was " + f.high());
        assertTrue(p.transformer().transform(new Object[] {50.0})[0] > 0.4);
    }

    @Test
    void oneHotWithAnUnknownBucketForUnseenAndRareValues() {
        var p = FeaturePipeline.fit(
                List.of(),
                List.of("plan"),
                NO_CLIP,
                rows(
                        new Object[] {"monthly"},
                        new Object[] {"monthly"},
                        new Object[] {"yearly"},
                        new Object[] {"yearly"},
                        new Object[] {"trial"}));
        assertEquals(
                List.of("monthly", "yearly"),
                p.categorical().get(0).vocabulary(),
                "'trial' seen once: below min count 2");
        assertEquals(List.of("plan=monthly", "plan=yearly", "plan=(other)"), p.featureNames());
        var t = p.transformer();
        assertArrayEquals(new float[] {0, 1, 0}, t.transform(new Object[] {"yearly"}));
        assertArrayEquals(new float[] {0, 0, 1}, t.transform(new Object[] {"lifetime"}));
        assertArrayEquals(new float[] {0, 0, 1}, t.transform(new Object[] {"trial"}));
        assertArrayEquals(new float[] {0, 0, 1}, t.transform(new Object[] {null}));
    }

    @Test
    void quantileBinsBesideTheScaledValue() {
        List<Object[]> train = new ArrayList<>();
        for (int i = 0; i < 100; i++) train.add(new Object[] {(double) i});
        var p = FeaturePipeline.fit(
                List.of("tenure"), List.of(), new PreprocessingPolicy(MissingPolicy.MEDIAN, 0, 1, 4), train);
        assertEquals(3, p.numeric().get(0).edges().size());
        assertEquals(1 + 4, p.width());
        float[] v = p.transformer().transform(new Object[] {60.0});
        assertEquals(1f, v[1 + 2], "60 falls in the third quartile bin");
        assertEquals(1f, v[1] + v[2] + v[3] + v[4], "exactly one bin");
    }

    @Test
    void survivesTheModelCardRoundTrip() throws Exception {
        var p = FeaturePipeline.fit(
                List.of("spend"),
                List.of("plan"),
                PreprocessingPolicy.DEFAULT,
                rows(new Object[] {1.0, "a"}, new Object[] {5.0, "b"}, new Object[] {3.0, "a"}));
        ObjectMapper json = new ObjectMapper();
        var back = json.readValue(json.writeValueAsString(p), FeaturePipeline.class);
        assertEquals(p, back);
        Object[] row = {4.0, "a"};
        assertArrayEquals(p.transformer().transform(row), back.transformer().transform(row));
    }

    @Test
    void refusesRowsOfTheWrongShape() {
        var p = FeaturePipeline.fit(List.of("x"), List.of(), NO_CLIP, rows(new Object[] {1.0}, new Object[] {2.0}));
        var e = assertThrows(
                IllegalArgumentException.class, () -> p.transformer().transform(new Object[] {1.0, "extra"}));
        assertTrue(e.getMessage().contains("expected 1 raw inputs, got 2"));
    }
}
