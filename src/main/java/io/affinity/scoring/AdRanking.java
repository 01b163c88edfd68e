package io.affinity.scoring;

import java.util.List;

/**
 * Ad candidates for a customer, most likely to be clicked first.
 *
 * @param source "model" when the ctr model ranked them for this customer; "click-rate" for a customer it cannot
 *     know yet (no events), ranked by each promotion's click rate so far, as recommendations fall back to popularity
 * @param reason why the click rate was used; null when the model ranked
 * @param unknownPromotions candidates no one has viewed yet: ranked on the prior click rate alone
 */
public record AdRanking(
        String customerId,
        int modelVersion,
        String algorithm,
        String source,
        String reason,
        List<String> unknownPromotions,
        List<Ad> ads) {

    /**
     * @param clickProbability the model's probability of a click within a day of seeing the promotion
     * @param promotionClickRate the promotion's smoothed click rate so far (its input to the model)
     */
    public record Ad(String promotionId, double clickProbability, double promotionClickRate) {}
}
