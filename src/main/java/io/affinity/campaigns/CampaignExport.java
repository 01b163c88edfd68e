package io.affinity.campaigns;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The treated list of a campaign as CSV, what is handed to the channel that delivers the offer; the holdout is
 * withheld. Streamed in pages by customer id (keyset), in constant memory.
 */
@ApplicationScoped
public class CampaignExport {

    static final int PAGE = 5_000;

    private final Campaigns campaigns;
    private final AgroalDataSource db;

    CampaignExport(Campaigns campaigns, AgroalDataSource db) {
        this.campaigns = campaigns;
        this.db = db;
    }

    /** The campaign, or a 404 before anything is written. */
    public Campaigns.Campaign check(long id) {
        return campaigns.require(id);
    }

    /** @return the rows written */
    public long writeTreated(Campaigns.Campaign campaign, OutputStream out) throws IOException {
        var writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader("customer_id", "campaign", "promotion_id", "offer")
                .get();
        long rows = 0;
        try (CSVPrinter csv = new CSVPrinter(writer, format)) {
            String after = "";
            while (true) {
                List<String> ids = new ArrayList<>(PAGE);
                try (Connection c = db.getConnection();
                        PreparedStatement ps = c.prepareStatement("SELECT customer_id FROM campaign_member"
                                + " WHERE campaign_id = ? AND treated AND customer_id > ?"
                                + " ORDER BY customer_id LIMIT " + PAGE)) {
                    ps.setLong(1, campaign.id());
                    ps.setString(2, after);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) ids.add(rs.getString(1));
                    }
                } catch (SQLException e) {
                    throw new IOException("cannot read campaign " + campaign.id() + ": " + e.getMessage(), e);
                }
                for (String id : ids)
                    csv.printRecord(
                            id,
                            campaign.name(),
                            campaign.offer().promotionId(),
                            campaign.offer().text());
                rows += ids.size();
                if (ids.size() < PAGE) break;
                after = ids.get(ids.size() - 1);
            }
        }
        return rows;
    }
}
