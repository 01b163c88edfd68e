package io.affinity.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code properties} of a call, read in one pass: its raw bytes, plus the e-commerce v2 fields a typed
 * interaction needs. A field of the wrong type is only an error for the kinds that use it (a text {@code revenue}
 * on a page call is nobody's business), so problems are noted while reading and raised by {@link #check}.
 */
final class Properties {

    static final Properties NONE = new Properties(null);

    RawJson raw;
    String productId;
    String sku;
    String category;
    Double price;
    Double quantity;
    String orderId;
    Double revenue;
    Double total;
    String promotionId;
    private final Map<String, String[]> problems = new LinkedHashMap<>();

    private Properties(RawJson raw) {
        this.raw = raw;
    }

    static Properties scan(JsonParser p, JsonToken v, byte[] buf, int base) throws IOException, EventRejectedException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.START_OBJECT) {
            throw new EventRejectedException(
                    "properties", "properties must be a JSON object, got " + EventReader.describe(v));
        }
        int start = (int) p.currentTokenLocation().getByteOffset();
        Properties props = new Properties(null);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            String path = "properties." + name;
            switch (name) {
                case "product_id" -> props.productId = props.text(p, t, name, path);
                case "sku" -> props.sku = props.text(p, t, name, path);
                case "category" -> props.category = props.text(p, t, name, path);
                case "order_id" -> props.orderId = props.text(p, t, name, path);
                case "promotion_id" -> props.promotionId = props.text(p, t, name, path);
                case "price" -> props.price = props.number(p, t, name, path);
                case "quantity" -> props.quantity = props.whole(p, t, name, path);
                case "revenue" -> props.revenue = props.number(p, t, name, path);
                case "total" -> props.total = props.number(p, t, name, path);
                case "products" -> props.products(p, t);
                default -> p.skipChildren();
            }
        }
        int end = (int) p.currentLocation().getByteOffset();
        props.raw = new RawJson(buf, base + start, end - start);
        return props;
    }

    /** Raises the first problem of a field this kind of event uses. */
    void check(EventKind kind) throws EventRejectedException {
        if (problems.isEmpty()) {
            return;
        }
        for (Map.Entry<String, String[]> e : problems.entrySet()) {
            if (uses(kind, e.getKey())) {
                throw new EventRejectedException(e.getValue()[0], e.getValue()[1]);
            }
        }
    }

    private static boolean uses(EventKind kind, String field) {
        return switch (kind) {
            case PRODUCT_VIEWED, PRODUCT_CLICKED, PRODUCT_ADDED ->
                field.equals("product_id")
                        || field.equals("sku")
                        || field.equals("category")
                        || field.equals("price")
                        || field.equals("quantity");
            case ORDER_COMPLETED ->
                field.equals("order_id")
                        || field.equals("revenue")
                        || field.equals("total")
                        || field.equals("products");
            case PROMOTION_VIEWED, PROMOTION_CLICKED -> field.equals("promotion_id");
            case SUBSCRIPTION_STARTED, SUBSCRIPTION_RENEWED, SUBSCRIPTION_CANCELLED -> field.equals("revenue");
            default -> false;
        };
    }

    String productId() {
        return productId != null ? productId : sku;
    }

    Integer quantity() {
        return quantity == null ? null : quantity.intValue();
    }

    Double revenueOrTotal() {
        return revenue != null ? revenue : total;
    }

    private void problem(String field, String path, String message) {
        problems.putIfAbsent(field, new String[] {path, message});
    }

    private String text(JsonParser p, JsonToken t, String field, String path) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
            p.skipChildren();
            problem(field, path, field + " must be a string, got " + EventReader.describe(t));
            return null;
        }
        String s = p.getText();
        if (s.length() > EventReader.MAX_ID_LENGTH) {
            problem(field, path, field + " is longer than " + EventReader.MAX_ID_LENGTH + " characters");
            return null;
        }
        return s.isBlank() ? null : s;
    }

    /** A finite number; numeric strings such as "12.50" are accepted, as many producers send them. */
    private Double number(JsonParser p, JsonToken t, String field, String path) throws IOException {
        double d;
        if (t == JsonToken.VALUE_NULL) {
            return null;
        } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            d = p.getDoubleValue();
        } else if (t == JsonToken.VALUE_STRING) {
            try {
                d = Double.parseDouble(p.getText().trim());
            } catch (NumberFormatException e) {
                problem(field, path, field + " must be a number, got '" + EventReader.abbreviate(p.getText()) + "'");
                return null;
            }
        } else {
            p.skipChildren();
            problem(field, path, field + " must be a number, got " + EventReader.describe(t));
            return null;
        }
        if (!Double.isFinite(d) || Math.abs(d) > 1e15) {
            problem(field, path, field + " is out of range: " + p.getText());
            return null;
        }
        return d;
    }

    private Double whole(JsonParser p, JsonToken t, String field, String path) throws IOException {
        Double d = number(p, t, field, path);
        if (d != null && (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE)) {
            problem(field, path, field + " must be a whole number, got " + p.getText());
            return null;
        }
        return d;
    }

    /** Order lines: each an object whose id, category, price and quantity have their types. */
    private void products(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            problem("products", "properties.products", "products must be an array, got " + EventReader.describe(t));
            return;
        }
        Properties line = new Properties(null);
        int i = 0;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken(), i++) {
            String path = "properties.products[" + i + "]";
            if (e != JsonToken.START_OBJECT) {
                p.skipChildren();
                problem("products", path, "each product must be an object");
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "product_id", "sku", "category" -> line.text(p, v, name, path + "." + name);
                    case "price" -> line.number(p, v, name, path + "." + name);
                    case "quantity" -> line.whole(p, v, name, path + "." + name);
                    default -> p.skipChildren();
                }
            }
            line.problems.values().forEach(v -> problem("products", v[0], v[1]));
            line.problems.clear();
        }
    }
}
