package io.affinity.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.affinity.campaigns.Assignment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A deterministic shop: the same seed gives the same events. Its structure is there to be learned:
 *
 * <ul>
 *   <li>customers and products live in one latent taste space; products cluster by category, and a customer views,
 *       carts and buys products close to their taste (recommendations);
 *   <li>ad campaigns target a direction of that space; clicks follow the customer's affinity to it (CTR);
 *   <li>a hidden loyalty drives how often a customer comes back, how likely a cart becomes an order (propensity) and
 *       how soon they leave, cancelling their subscription (churn).
 * </ul>
 *
 * Events are Segment calls as a web SDK would send them, in time order, ending at {@code end}.
 *
 * <p>A shop may also run a {@link Treatment}: a campaign whose treated customers see its promotion and, some of them,
 * place an order they would not have placed otherwise, so the campaign has a true effect to be measured. Its draws
 * come from their own random stream, so the same shop run with everyone treated or nobody treated differs only by
 * the campaign, and the difference is the true effect.
 */
public final class ShopSimulator {

    /** Size and randomness of a simulated shop. */
    public record Config(int customers, int products, int categories, int campaigns, int days, long seed) {
        public Config {
            if (customers < 1 || products < categories || categories < 1 || campaigns < 1 || days < 1) {
                throw new IllegalArgumentException("sizes must be positive, and products >= categories");
            }
        }

        public static Config small(long seed) {
            return new Config(300, 120, 8, 6, 30, seed);
        }
    }

    static final int DIM = 6;
    static final String[] CATEGORY_NAMES = {
        "shoes", "jackets", "books", "games", "kitchen", "garden", "toys", "beauty",
        "audio", "cameras", "sports", "music", "tools", "pets", "office", "travel"
    };

    /**
     * A campaign in the simulated shop. Customers are assigned as {@link Assignment} assigns them, unless
     * {@code mode} treats everyone or nobody (the two counterfactual shops whose difference is the true effect).
     *
     * @param uplift the chance that a treated customer who visits during the window places one extra order there
     */
    public record Treatment(
            String salt, int holdoutBuckets, Instant from, Instant to, String promotionId, double uplift, Mode mode) {
        public enum Mode {
            ASSIGNED,
            EVERYONE,
            NOBODY
        }

        public Treatment with(Mode other) {
            return new Treatment(salt, holdoutBuckets, from, to, promotionId, uplift, other);
        }

        boolean treats(String customerId) {
            return switch (mode) {
                case EVERYONE -> true;
                case NOBODY -> false;
                case ASSIGNED -> Assignment.treated(salt, customerId, holdoutBuckets);
            };
        }

        boolean during(Instant t) {
            return !t.isBefore(from) && t.isBefore(to);
        }
    }

    /** A customer's part in the treatment, drawn from its own stream. */
    private static final class Offer {
        final SplittableRandom rnd;
        final boolean treated;
        final boolean responds;
        boolean responded;

        Offer(SplittableRandom rnd, boolean treated, double uplift) {
            this.rnd = rnd;
            this.treated = treated;
            this.responds = rnd.nextDouble() < uplift; // drawn for everyone: the same in every mode
        }
    }

    private final Config config;
    private final Instant end;
    private final String prefix;
    private final Treatment treatment;
    private final ObjectMapper json = new ObjectMapper();
    private final double[][] productVec;
    private final int[] productCategory;
    private final double[] productPrice;
    private final double[][] campaignVec;
    private final int[] campaignCategory;

    public ShopSimulator(Config config, Instant end) {
        this(config, end, "", null);
    }

    /**
     * @param prefix put before every customer and message id, so two shops in one database stay apart
     * @param treatment a campaign the shop runs, or null
     */
    public ShopSimulator(Config config, Instant end, String prefix, Treatment treatment) {
        this.config = config;
        this.end = end;
        this.prefix = prefix;
        this.treatment = treatment;
        SplittableRandom rnd = new SplittableRandom(config.seed());
        double[][] centroids = new double[config.categories()][];
        for (int c = 0; c < config.categories(); c++) {
            centroids[c] = unit(gaussian(rnd, DIM, 1.0));
        }
        productVec = new double[config.products()][];
        productCategory = new int[config.products()];
        productPrice = new double[config.products()];
        for (int p = 0; p < config.products(); p++) {
            int c = p % config.categories();
            productCategory[p] = c;
            productVec[p] = add(scale(centroids[c], 2.0), gaussian(rnd, DIM, 0.35));
            productPrice[p] = Math.round(Math.exp(2.5 + rnd.nextDouble() * 2.5) * 100) / 100.0;
        }
        campaignVec = new double[config.campaigns()][];
        campaignCategory = new int[config.campaigns()];
        for (int a = 0; a < config.campaigns(); a++) {
            campaignCategory[a] = rnd.nextInt(config.categories());
            campaignVec[a] = add(scale(centroids[campaignCategory[a]], 1.5), gaussian(rnd, DIM, 0.3));
        }
    }

    public static String categoryName(int c) {
        return c < CATEGORY_NAMES.length ? CATEGORY_NAMES[c] : "category-" + c;
    }

    /** Emits every event, customer by customer, each customer's events in time order. */
    public void run(Consumer<ObjectNode> sink) {
        for (int c = 0; c < config.customers(); c++) {
            simulateCustomer(c, new SplittableRandom(config.seed() * 1_000_003L + c), sink);
        }
    }

    /** All events in one list (for tests and small shops). */
    public List<ObjectNode> events() {
        List<ObjectNode> all = new ArrayList<>();
        run(all::add);
        return all;
    }

    private void simulateCustomer(int c, SplittableRandom rnd, Consumer<ObjectNode> sink) {
        double[] taste = scale(unit(gaussian(rnd, DIM, 1.0)), 1.2);
        double loyalty = rnd.nextDouble(); // hidden: frequency, conversion and staying power
        double sessionsPerDay = 0.08 + 0.5 * loyalty * loyalty + 0.05 * rnd.nextDouble();
        double meanLifetimeDays = 15 + 150 * loyalty;
        long startOffset = (long) (rnd.nextDouble() * config.days() * 0.6 * 86400);
        Instant start = end.minus(Duration.ofDays(config.days())).plusSeconds(startOffset);
        Instant churnAt = start.plusSeconds((long) (-Math.log(1 - rnd.nextDouble()) * meanLifetimeDays * 86400));
        String userId = prefix + "cust-" + c;
        Offer offer = treatment == null
                ? null
                : new Offer(
                        new SplittableRandom(config.seed() * 7_919L
                                + c
                                + 31L * treatment.salt().hashCode()),
                        treatment.treats(userId),
                        treatment.uplift());
        String anonymousId = prefix + "anon-" + Long.toHexString(rnd.nextLong());
        Emitter emit = new Emitter(sink, c, anonymousId);

        Instant t = start;
        boolean identified = false;
        boolean subscribed = false;
        int sessions = 0;
        while (true) {
            t = t.plusSeconds((long) (-Math.log(1 - rnd.nextDouble()) / sessionsPerDay * 86400));
            if (t.isAfter(end)) {
                break;
            }
            if (t.isAfter(churnAt)) {
                if (subscribed) {
                    emit.track(churnAt, userId, "Subscription Cancelled", props("plan", "member"));
                }
                break;
            }
            sessions++;
            if (!identified && (sessions > 1 || rnd.nextDouble() < 0.5)) {
                identified = true;
                ObjectNode traits = json.createObjectNode();
                traits.put("email", userId + "@example.com");
                traits.put("city", CITIES[rnd.nextInt(CITIES.length)]);
                traits.put("created_at", t.toString());
                emit.identify(t, userId, traits);
            }
            String who = identified ? userId : null;
            if (identified && !subscribed && rnd.nextDouble() < 0.15 + 0.4 * loyalty) {
                subscribed = true;
                emit.track(t, who, "Subscription Started", props("plan", "member"));
            }
            t = session(rnd, emit, who, t, taste, loyalty, offer);
        }
    }

    /** One visit: a page view, product views near the customer's taste, maybe ads, cart adds and an order. */
    private Instant session(
            SplittableRandom rnd, Emitter emit, String userId, Instant t, double[] taste, double loyalty, Offer offer) {
        emit.page(t, userId, "Home");
        boolean offered = offer != null && offer.treated && userId != null && treatment.during(t);
        if (offered) {
            ObjectNode promo = props("promotion_id", treatment.promotionId());
            promo.put("position", "home_hero");
            emit.track(t.plusSeconds(1), userId, "Promotion Viewed", promo);
            if (offer.rnd.nextDouble() < 0.25)
                emit.track(t.plusSeconds(5), userId, "Promotion Clicked", promo.deepCopy());
        }
        List<Integer> cart = new ArrayList<>();
        int views = 1 + rnd.nextInt(6);
        for (int i = 0; i < views; i++) {
            t = t.plusSeconds(10 + rnd.nextInt(120));
            int p = pickProduct(rnd, taste);
            emit.track(t, userId, "Product Viewed", product(p));
            double like = sigmoid(dot(taste, productVec[p]) - 1.0);
            if (rnd.nextDouble() < 0.5 * like) {
                emit.track(t.plusSeconds(3), userId, "Product Clicked", product(p));
            }
            if (rnd.nextDouble() < like * (0.25 + 0.5 * loyalty)) {
                t = t.plusSeconds(5 + rnd.nextInt(30));
                cart.add(p);
                emit.track(t, userId, "Product Added", product(p));
            }
            if (rnd.nextDouble() < 0.35) {
                int a = rnd.nextInt(config.campaigns());
                t = t.plusSeconds(2);
                ObjectNode promo = props("promotion_id", "campaign-" + a);
                promo.put("creative", categoryName(campaignCategory[a]) + "-banner");
                promo.put("position", "home_top");
                emit.track(t, userId, "Promotion Viewed", promo);
                if (rnd.nextDouble() < sigmoid(dot(taste, campaignVec[a]) * 1.5 - 3.0)) {
                    emit.track(t.plusSeconds(4), userId, "Promotion Clicked", promo.deepCopy());
                }
            }
        }
        if (!cart.isEmpty() && userId != null && rnd.nextDouble() < 0.3 + 0.6 * loyalty) {
            t = t.plusSeconds(60 + rnd.nextInt(300));
            ObjectNode order = props("order_id", "order-" + Long.toHexString(rnd.nextLong()));
            ArrayNode products = order.putArray("products");
            double revenue = 0;
            for (int p : cart) {
                ObjectNode line = product(p);
                line.put("quantity", 1);
                products.add(line);
                revenue += productPrice[p];
            }
            order.put("revenue", Math.round(revenue * 100) / 100.0);
            order.put("currency", "EUR");
            emit.track(t, userId, "Order Completed", order);
        }
        if (offered && offer.responds && !offer.responded && treatment.during(t.plusSeconds(90))) {
            offer.responded = true; // the order the campaign brought about; the visit's clock does not move
            Instant at = t.plusSeconds(90);
            int p = pickProduct(offer.rnd, taste);
            ObjectNode order = props("order_id", "order-" + Long.toHexString(offer.rnd.nextLong()));
            ObjectNode line = product(p);
            line.put("quantity", 1);
            order.putArray("products").add(line);
            order.put("revenue", productPrice[p]);
            order.put("currency", "EUR");
            emit.track(at, userId, "Order Completed", order);
        }
        return t;
    }

    /** Browsing favours products close to the taste: softmax over a random shortlist. */
    private int pickProduct(SplittableRandom rnd, double[] taste) {
        int shortlist = 12;
        int[] candidates = new int[shortlist];
        double[] weights = new double[shortlist];
        double sum = 0;
        for (int i = 0; i < shortlist; i++) {
            candidates[i] = rnd.nextInt(config.products());
            weights[i] = Math.exp(1.5 * dot(taste, productVec[candidates[i]]));
            sum += weights[i];
        }
        double r = rnd.nextDouble() * sum;
        for (int i = 0; i < shortlist; i++) {
            r -= weights[i];
            if (r <= 0) {
                return candidates[i];
            }
        }
        return candidates[shortlist - 1];
    }

    private ObjectNode product(int p) {
        ObjectNode n = json.createObjectNode();
        n.put("product_id", "prod-" + p);
        n.put("category", categoryName(productCategory[p]));
        n.put("price", productPrice[p]);
        return n;
    }

    private ObjectNode props(String key, String value) {
        ObjectNode n = json.createObjectNode();
        n.put(key, value);
        return n;
    }

    private static final String[] CITIES = {"Lyon", "Berlin", "Leeds", "Porto", "Turin", "Ghent", "Malmo", "Brno"};

    /** Builds Segment calls with deterministic messageIds. */
    private final class Emitter {
        private final Consumer<ObjectNode> sink;
        private final int customer;
        private final String anonymousId;
        private int n;

        Emitter(Consumer<ObjectNode> sink, int customer, String anonymousId) {
            this.sink = sink;
            this.customer = customer;
            this.anonymousId = anonymousId;
        }

        private ObjectNode base(String type, Instant t, String userId) {
            ObjectNode e = json.createObjectNode();
            e.put("type", type);
            e.put("messageId", prefix + "sim-" + config.seed() + "-" + customer + "-" + (n++));
            e.put("anonymousId", anonymousId);
            if (userId != null) {
                e.put("userId", userId);
            }
            e.put("timestamp", t.toString());
            ObjectNode ctx = e.putObject("context");
            ctx.putObject("library").put("name", "affinity-simulator").put("version", "1");
            return e;
        }

        void track(Instant t, String userId, String event, ObjectNode properties) {
            ObjectNode e = base("track", t, userId);
            e.put("event", event);
            e.set("properties", properties);
            emit(t, e);
        }

        void page(Instant t, String userId, String name) {
            ObjectNode e = base("page", t, userId);
            e.put("name", name);
            e.putObject("properties").put("path", "/");
            emit(t, e);
        }

        void identify(Instant t, String userId, ObjectNode traits) {
            ObjectNode e = base("identify", t, userId);
            e.set("traits", traits);
            emit(t, e);
        }

        /** A visit that started before the end is cut there: the shop's clock is the server's, nothing is ahead. */
        private void emit(Instant t, ObjectNode e) {
            if (!t.isAfter(end)) {
                sink.accept(e);
            }
        }
    }

    private static double[] gaussian(SplittableRandom rnd, int n, double sd) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double u1 = 1 - rnd.nextDouble();
            double u2 = rnd.nextDouble();
            v[i] = sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
        return v;
    }

    private static double[] unit(double[] v) {
        return scale(v, 1 / Math.sqrt(dot(v, v)));
    }

    private static double[] scale(double[] v, double s) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i] * s;
        }
        return r;
    }

    private static double[] add(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] + b[i];
        }
        return r;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
