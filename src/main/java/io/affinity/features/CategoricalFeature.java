package io.affinity.features;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One categorical input as fitted on a training split: a one-hot slot per value seen often enough in training, and
 * a last slot for anything else (values unseen in training, rare ones, missing ones when training had none).
 */
public record CategoricalFeature(String name, List<String> vocabulary) {

    /** The value a missing category takes, so that "not given" can be learned like any other value. */
    public static final String MISSING = "(missing)";

    public CategoricalFeature {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("categorical feature without a name");
        vocabulary = List.copyOf(vocabulary);
    }

    /** One-hot width: the vocabulary plus the unknown bucket. */
    public int width() {
        return vocabulary.size() + 1;
    }

    /** Slot of a raw value inside this feature's one-hot block. */
    public int slot(Map<String, Integer> index, String raw) {
        String value = raw == null || raw.isBlank() ? MISSING : raw;
        Integer slot = index.get(value);
        return slot == null ? vocabulary.size() : slot;
    }

    Map<String, Integer> index() {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) index.put(vocabulary.get(i), i);
        return index;
    }
}
