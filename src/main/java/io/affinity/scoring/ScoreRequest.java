package io.affinity.scoring;

/**
 * A request for one use case's score of one customer: the body of {@code POST /api/score} and the event of the
 * {@code score} Lambda function alike.
 *
 * @param reasons false to skip the reasons (only probability and band); absent means true
 */
public record ScoreRequest(String useCase, String customerId, Boolean reasons) {

    boolean explain() {
        return reasons == null || reasons;
    }
}
