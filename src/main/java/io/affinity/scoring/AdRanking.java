package io.affinity.scoring;

import java.util.List;

/** Ad candidates for a customer, most likely to be clicked first. */
public record AdRanking(String customerId, int modelVersion, String algorithm, List<Ad> ads) {

    /**
     * @param clickProbability the model's probability of a click within a day of seeing the promotion
     * @param promotionClickRate the promotion's smoothed click rate so far (its input to the model)
     */
    public record Ad(String promotionId, double clickProbability, double promotionClickRate) {}
}
