package io.affinity.scoring;

import io.affinity.features.Catalogue;
import io.affinity.features.CustomerAggregate;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recommend: every item scored for each known customer (one call each on the all-items graph), products already
 * bought left out; customers the model never saw get the most popular products.
 */
final class ItemBatch implements BatchWriter {

    private final ServingModel model;
    private final BatchRow row;
    private final int k;
    private final Catalogue catalogue;

    ItemBatch(ServingModel model, BatchRow row, int k, Catalogue catalogue) {
        this.model = model;
        this.row = row;
        this.k = k;
        this.catalogue = catalogue;
    }

    @Override
    public String target() {
        return BatchRow.RANKINGS;
    }

    @Override
    public int pageSize() {
        return BatchScoringService.PAGE;
    }

    @Override
    public Written write(Connection c, List<CustomerAggregate> page, StringBuilder rows) throws SQLException {
        Recommender r = model.recommender;
        List<String> ids = page.stream().map(CustomerAggregate::customerId).toList();
        Map<String, Set<String>> bought = catalogue.bought(c, ids);
        Map<String, List<String>> recent = r.recent == 0 ? Map.of() : catalogue.recent(c, ids, r.recent);
        long written = 0;
        int fallbacks = 0;
        for (CustomerAggregate a : page) {
            Integer user = r.users.get(a.customerId());
            Set<String> own = bought.getOrDefault(a.customerId(), Set.of());
            List<Recommendations.Item> items = user == null
                    ? RecommendService.popular(r, k, null, null, own)
                    : RecommendService.ranked(
                            r, r.scoreAll(user, recent.getOrDefault(a.customerId(), List.of())), k, null, null, own);
            if (user == null) fallbacks++;
            String method = user == null ? "popularity" : model.card.algorithm();
            for (int rank = 0; rank < items.size(); rank++)
                row.ranking(
                        rows,
                        a.customerId(),
                        rank + 1,
                        items.get(rank).productId(),
                        items.get(rank).score(),
                        method,
                        items.get(rank).category());
            written += items.size();
        }
        return new Written(written, fallbacks);
    }
}
