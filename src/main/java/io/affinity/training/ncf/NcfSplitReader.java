package io.affinity.training.ncf;

import io.affinity.training.eval.LeaveOneOut;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Reads the NCF reference code's split format ({@code train.rating}, {@code test.rating}, {@code test.negative}),
 * and cuts a validation protocol out of a training set: each user's last training interaction (file order) is held
 * out with freshly sampled negatives, so early stopping never looks at the test items.
 */
public final class NcfSplitReader {

    /** The training interactions with their original order, the test protocol, and the id space. */
    public record NcfSplit(int users, int items, int[] trainUsers, int[] trainItems, LeaveOneOut test) {}

    private NcfSplitReader() {}

    public static NcfSplit read(Path folder) throws IOException {
        List<int[]> train = pairs(folder.resolve("train.rating"));
        List<int[]> test = pairs(folder.resolve("test.rating"));
        int users = 0, items = 0;
        for (List<int[]> list : List.of(train, test)) {
            for (int[] pair : list) {
                users = Math.max(users, pair[0] + 1);
                items = Math.max(items, pair[1] + 1);
            }
        }
        List<String> negativeLines = Files.readAllLines(folder.resolve("test.negative"));
        int[] heldOut = new int[users];
        java.util.Arrays.fill(heldOut, -1);
        int[][] negatives = new int[users][];
        for (String line : negativeLines) {
            if (line.isBlank()) continue;
            String[] parts = line.split("\t");
            String head = parts[0].substring(1, parts[0].length() - 1);
            int user = Integer.parseInt(head.split(",")[0].strip());
            heldOut[user] = Integer.parseInt(head.split(",")[1].strip());
            negatives[user] = new int[parts.length - 1];
            for (int j = 1; j < parts.length; j++) {
                negatives[user][j - 1] = Integer.parseInt(parts[j].strip());
                items = Math.max(items, negatives[user][j - 1] + 1);
            }
        }
        int[] tu = train.stream().mapToInt(p -> p[0]).toArray();
        int[] ti = train.stream().mapToInt(p -> p[1]).toArray();
        return new NcfSplit(
                users,
                items,
                tu,
                ti,
                new LeaveOneOut(
                        heldOut,
                        negatives,
                        "leave-one-out (latest interaction per user) with the 99 fixed negatives of "
                                + folder.getFileName() + "/test.negative"));
    }

    private static List<int[]> pairs(Path file) throws IOException {
        List<int[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) continue;
            String[] parts = line.split("\t");
            out.add(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
        }
        return out;
    }

    /**
     * Splits off each user's last interaction (in the given order) as validation, with {@code negatives} sampled
     * items the user never touched (in train, validation or {@code exclude}).
     *
     * @return the remaining training interactions and the validation protocol
     */
    public static Validation validation(
            int users, int items, int[] userOf, int[] itemOf, LeaveOneOut exclude, int negatives, long seed) {
        int[] last = new int[users];
        java.util.Arrays.fill(last, -1);
        int[] counts = new int[users];
        for (int k = 0; k < userOf.length; k++) {
            last[userOf[k]] = k;
            counts[userOf[k]]++;
        }
        List<Integer> keep = new ArrayList<>();
        int[] heldOut = new int[users];
        java.util.Arrays.fill(heldOut, -1);
        for (int k = 0; k < userOf.length; k++) {
            if (last[userOf[k]] == k && counts[userOf[k]] > 1) heldOut[userOf[k]] = itemOf[k];
            else keep.add(k);
        }
        Interactions all = new Interactions(users, items, userOf, itemOf);
        Random random = new Random(seed);
        int[][] sampled = new int[users][];
        for (int u = 0; u < users; u++) {
            if (heldOut[u] < 0) continue;
            java.util.Set<Integer> chosen = new java.util.LinkedHashSet<>();
            boolean testOutside = exclude != null && exclude.heldOut()[u] >= 0 && !all.has(u, exclude.heldOut()[u]);
            int available = items - all.itemsOf(u).length - (testOutside ? 1 : 0);
            // A user who has touched nearly the whole catalogue gets fewer negatives rather than a search without end.
            while (chosen.size() < Math.min(negatives, available)) {
                int j = random.nextInt(items);
                boolean excluded = exclude != null && exclude.heldOut()[u] == j;
                if (!all.has(u, j) && !excluded) chosen.add(j);
            }
            sampled[u] = chosen.stream().mapToInt(Integer::intValue).toArray();
        }
        int[] tu = keep.stream().mapToInt(k -> userOf[k]).toArray();
        int[] ti = keep.stream().mapToInt(k -> itemOf[k]).toArray();
        return new Validation(
                new Interactions(users, items, tu, ti),
                new LeaveOneOut(
                        heldOut,
                        sampled,
                        "validation: last training interaction per user, " + negatives + " sampled negatives"));
    }

    /** Training interactions without the validation items, and the validation protocol. */
    public record Validation(Interactions train, LeaveOneOut protocol) {}
}
