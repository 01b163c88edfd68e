package io.affinity.training.trainers;

import java.util.Map;
import java.util.TreeMap;

/** Hyperparameter values by name, as searched and as written to the model card. */
public record Hyperparameters(Map<String, Object> values) {

    public Hyperparameters {
        values = new TreeMap<>(values);
    }

    public double real(String name) {
        return ((Number) require(name)).doubleValue();
    }

    public int integer(String name) {
        return ((Number) require(name)).intValue();
    }

    public String text(String name) {
        return require(name).toString();
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null)
            throw new IllegalArgumentException(
                    "hyperparameter '" + name + "' is not set (have " + values.keySet() + ")");
        return v;
    }
}
