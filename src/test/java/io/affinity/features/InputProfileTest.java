package io.affinity.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Drift as the model pages show it: none for the training population, "shifted" for a population that moved. */
class InputProfileTest {

    private static List<Object[]> rows(SplittableRandom rnd, int n, double meanShift, double otherPlanShare) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double u = rnd.nextDouble();
            String plan = u < otherPlanShare ? "enterprise" : u < 0.5 ? "pro" : "free";
            Double spend = rnd.nextDouble() < 0.05 ? null : -Math.log(1 - rnd.nextDouble()) * 50 + meanShift;
            rows.add(new Object[] {spend, plan});
        }
        return rows;
    }

    private static FeaturePipeline fit(List<Object[]> train) {
        return FeaturePipeline.fit(List.of("spend"), List.of("plan"), PreprocessingPolicy.DEFAULT, train);
    }

    @Test
    void theTrainingPopulationAgainIsStableAndAMovedOneIsShifted() {
        FeaturePipeline pipeline = fit(rows(new SplittableRandom(1), 20_000, 0, 0));
        var same = pipeline.profile().counts(pipeline);
        rows(new SplittableRandom(2), 20_000, 0, 0).forEach(same::add);
        same.drift().forEach(d -> assertEquals("stable", d.level(), d.toString()));
        assertTrue(same.drift().get(0).psi() < 0.01, same.drift().toString());

        var moved = pipeline.profile().counts(pipeline);
        // spend up by 40 for everyone; a fifth of customers on a plan training never saw
        rows(new SplittableRandom(3), 20_000, 40, 0.2).forEach(moved::add);
        var drift = moved.drift();
        assertEquals("spend", drift.get(0).input());
        assertEquals("shifted", drift.get(0).level(), drift.toString());
        assertEquals("plan", drift.get(1).input());
        assertTrue(drift.get(1).psi() > InputProfile.WATCH, "an unseen plan counts as 'other': " + drift);
    }

    @Test
    void theProfileTravelsInTheCard() throws Exception {
        FeaturePipeline pipeline = fit(rows(new SplittableRandom(4), 2_000, 0, 0));
        ObjectMapper json = new ObjectMapper();
        FeaturePipeline back = json.readValue(json.writeValueAsString(pipeline), FeaturePipeline.class);
        assertEquals(pipeline.profile(), back.profile());
        assertEquals(11, back.profile().inputs().get(0).shares().size(), "ten decile bins and one for missing");
        double sum = back.profile().inputs().get(0).shares().stream()
                .mapToDouble(Double::doubleValue)
                .sum();
        assertEquals(1.0, sum, 1e-9);
        // a card written before profiles were kept still reads, without one
        FeaturePipeline old = json.readValue("{\"numeric\": [], \"categorical\": []}", FeaturePipeline.class);
        assertEquals(null, old.profile());
    }
}
