package io.affinity.platform.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

/**
 * A process that starts the embedded PostgreSQL on a folder, commits one row, prints the row count and then waits
 * to be killed: the application's embedded start, without the rest of the application.
 */
public final class EmbeddedPostgresChild {

    private EmbeddedPostgresChild() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> config = EmbeddedPostgresServer.start(Path.of(args[0]));
        try (Connection c = DriverManager.getConnection(
                        config.get("quarkus.datasource.jdbc.url"),
                        config.get("quarkus.datasource.username"),
                        config.get("quarkus.datasource.password"));
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS survivor (n int)");
            st.execute("INSERT INTO survivor VALUES (1)");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM survivor")) {
                rs.next();
                System.out.println("ROWS " + rs.getLong(1));
            }
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
