package io.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each table has one owning package, and no other package's SQL names it: another package reads a view the owner
 * publishes (migration V13) or calls the owner's service. A change that reads a foreign table fails here with the
 * file and the table, and a new table must be given an owner below before any test passes.
 */
class TableOwnershipTest {

    /** Tables by owning package. */
    private static final Map<String, Set<String>> TABLES = Map.of(
            "ingest",
            Set.of(
                    "event",
                    "rejection",
                    "import_job",
                    "source",
                    "write_key",
                    "customer",
                    "suppression",
                    "suppression_state"),
            "features",
            Set.of("customer_aggregate", "identity_link"),
            "models",
            Set.of("model_version", "model_event"),
            "scoring",
            Set.of("score_run", "customer_score", "customer_ranking"),
            "training",
            Set.of("training_job"),
            "access",
            Set.of("api_key", "app_user", "user_session"),
            "segments",
            Set.of(
                    "segment",
                    "segment_member",
                    "segment_refresh",
                    "segment_change",
                    "segment_fact_build",
                    "segment_fact"),
            "campaigns",
            Set.of("campaign", "campaign_member"));

    /** Views any package may read, by publishing package. */
    private static final Map<String, Set<String>> PUBLISHED = Map.of(
            "ingest", Set.of("event_log", "customer_profile"),
            "features", Set.of("customer_event", "customer_behaviour"),
            "scoring", Set.of("latest_score_run", "latest_score", "latest_ranking"),
            "segments", Set.of("segment_membership"));

    /** Owned tables whose DDL their owner writes (segments' customer facts: a column per field, rebuilt whole). */
    private static final Set<String> CREATED_BY_CODE = Set.of("segment_fact");

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Path CODE = Path.of("src/main/java/io/affinity");

    @Test
    void everyTableAndViewOfTheMigrationsHasAnOwner() throws IOException {
        Set<String> created = new TreeSet<>(), owned = new TreeSet<>();
        Pattern create = Pattern.compile("(?i)\\bcreate\\s+(?:table|view)\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)");
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path f : files.toList()) {
                Matcher m = create.matcher(Files.readString(f));
                while (m.find()) created.add(m.group(1).toLowerCase());
            }
        }
        TABLES.values().forEach(owned::addAll);
        PUBLISHED.values().forEach(owned::addAll);
        owned.removeAll(CREATED_BY_CODE);
        assertTrue(created.size() > 20, "the migrations were read: " + created);
        assertEquals(created, owned, "tables and views created by the migrations vs those given an owner here");
    }

    @Test
    void noPackageNamesAnotherPackagesTableInItsSql() {
        List<String> problems = new ArrayList<>();
        for (Path file : javaFiles()) {
            String pkg = CODE.relativize(file).getName(0).toString();
            String code = withoutComments(read(file));
            TABLES.forEach((owner, tables) -> {
                if (owner.equals(pkg)) return;
                for (String table : tables) {
                    Matcher m = sqlReference(table).matcher(code);
                    if (m.find())
                        problems.add(CODE.relativize(file) + " names " + owner + "'s table " + table + " (\""
                                + m.group().strip() + "\"): read a view " + owner + " publishes or its service");
                }
            });
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theCheckFindsATableNamedInSql() {
        String sql = "String sql = \"SELECT e.kind FROM event e LEFT JOIN identity_link l ON true\";";
        assertTrue(sqlReference("event").matcher(sql).find());
        assertTrue(sqlReference("identity_link").matcher(sql).find());
        assertTrue(sqlReference("customer_score")
                .matcher("\"DELETE FROM customer_score WHERE\"")
                .find());
        assertTrue(sqlReference("score_run")
                .matcher("\"INSERT INTO score_run (use_case)\"")
                .find());
        assertTrue(!sqlReference("event").matcher("\"SELECT 1 FROM event_log\"").find(), "a view is not its table");
        assertTrue(!sqlReference("event")
                .matcher(withoutComments("/** reads from event time */"))
                .find());
    }

    private static Pattern sqlReference(String table) {
        return Pattern.compile("(?i)\\b(?:from|join|into|update|copy|truncate|table)\\s+" + table
                + "\\b(?![_\\w])|@Table\\(name\\s*=\\s*\"" + table + "\"");
    }

    private static String withoutComments(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)^\\s*//.*$", " ");
    }

    private static List<Path> javaFiles() {
        try (Stream<Path> files = Files.walk(CODE)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> CODE.relativize(f).getNameCount() > 1)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
