package io.affinity.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.features.CustomerAggregate;
import io.affinity.features.CustomerFeatures;
import io.affinity.ingest.EventKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each use case says about itself: found by its name, labelled by its rule, served with its inputs. */
class UseCaseTest {

    @Test
    void everyUseCaseIsFoundByItsNameAndAnUnknownNameListsThemAll() {
        for (UseCase u : UseCase.ALL) assertSame(u, UseCase.of(u.id()));
        var e = assertThrows(UnknownModelException.class, () -> UseCase.of("upsell"));
        assertEquals("unknown use case 'upsell'; use one of recommend, ctr, propensity, churn", e.getMessage());
        assertEquals(
                UseCase.ALL.size(),
                UseCase.ALL.stream().map(UseCase::id).distinct().count());
    }

    @Test
    void churnIsSilenceOrACancellationAndPropensityAnOrder() {
        assertTrue(UseCase.CHURN.positive().test(Set.of()), "silent in the horizon");
        assertTrue(UseCase.CHURN.positive().test(Set.of(EventKind.PAGE, EventKind.SUBSCRIPTION_CANCELLED)));
        assertFalse(UseCase.CHURN.positive().test(Set.of(EventKind.PAGE)));
        assertTrue(UseCase.PROPENSITY.positive().test(Set.of(EventKind.ORDER_COMPLETED)));
        assertFalse(UseCase.PROPENSITY.positive().test(Set.of()));
        assertFalse(UseCase.PROPENSITY.positive().test(Set.of(EventKind.PRODUCT_ADDED)));
    }

    @Test
    void theTrainingPopulationIsWhoWasActiveBeforeTheCutOff() {
        CustomerAggregate lapsed = aggregate(0, 3), recent = aggregate(2, 2), never = aggregate(0, 0);
        assertTrue(UseCase.CHURN.inPopulation().test(recent));
        assertFalse(UseCase.CHURN.inPopulation().test(lapsed), "churn: active in the last 30 days");
        assertTrue(UseCase.PROPENSITY.inPopulation().test(lapsed), "propensity: active in the last 90 days");
        assertFalse(UseCase.PROPENSITY.inPopulation().test(never));
        assertEquals(12.0, UseCase.CHURN.baseline().applyAsDouble(recent), "days since last seen");
    }

    @Test
    void theCardSaysWhatAScoreMeansWithTheHorizon() {
        assertEquals("the customer completes an order within 14 days", UseCase.PROPENSITY.outcome(14));
        assertEquals("the customer clicks the promotion within a day of seeing it", UseCase.CTR.outcome(14));
    }

    @Test
    void aModelServesItsUseCaseOnlyWhenItTakesTheInputsScoringFeeds() {
        assertEquals(CustomerFeatures.names(), UseCase.CHURN.inputs());
        assertEquals(CustomerFeatures.adNames(), UseCase.CTR.inputs());
        assertTrue(UseCase.RECOMMEND.inputs().isEmpty(), "recommend takes ids");
        ModelCard noPipeline = new ModelCard(
                "churn", 3, "lr", null, null, 0, Map.of(), null, null, "", null, Map.of(), "roc_auc", 0.7, "h", null,
                List.of());
        var e = assertThrows(ModelException.class, () -> UseCase.CHURN.requireServable(noPipeline));
        assertTrue(e.getMessage().startsWith("churn v3 has no feature pipeline in its card"), e.getMessage());
        UseCase.RECOMMEND.requireServable(noPipeline); // ids need no pipeline
    }

    private static CustomerAggregate aggregate(int events30d, int events90d) {
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        return new CustomerAggregate(
                "c", t, t, t, 12.0, 0, events30d, events90d, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, null, false, null,
                Map.of(), Map.of());
    }
}
