package io.affinity.access;

import io.affinity.platform.Command;
import io.affinity.platform.Secrets;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code java -jar affinity-runner.jar keys ...} and {@code users ...}: API keys and users from the shell of the
 * machine that runs Affinity, for the first key of a deployment or when no admin can sign in any more. New secrets
 * are printed once, to standard output, and are not logged.
 */
abstract class AccessCommand implements Command {

    final ApiKeys keys;
    final Users users;
    final Sessions sessions;
    PrintStream out = System.out;
    PrintStream err = System.err;

    AccessCommand(ApiKeys keys, Users users, Sessions sessions) {
        this.keys = keys;
        this.users = users;
        this.sessions = sessions;
    }

    abstract String usage();

    abstract int run(String action, Map<String, String> options, String argument);

    @Override
    public int run(String... args) {
        if (args.length < 2) {
            err.println(usage());
            return 2;
        }
        Map<String, String> options = new HashMap<>();
        String argument = null;
        for (int i = 2; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else if (argument == null && !args[i].startsWith("--")) {
                argument = args[i];
            } else {
                err.println(args[0] + ": unexpected argument '" + args[i] + "'");
                err.println(usage());
                return 2;
            }
        }
        try {
            return run(args[1], options, argument);
        } catch (AccessException e) {
            err.println(args[0] + ": " + e.getMessage());
            return 2;
        } catch (NumberFormatException e) {
            err.println(args[0] + ": expected a numeric id, got '" + argument + "'");
            return 2;
        }
    }

    @Named("keys")
    @Dependent
    static class Keys extends AccessCommand {
        Keys(ApiKeys keys, Users users, Sessions sessions) {
            super(keys, users, sessions);
        }

        @Override
        public String summary() {
            return "create, list and revoke API keys";
        }

        @Override
        String usage() {
            return """
                    usage: java -jar target/affinity-runner.jar keys create --name <name> --role <score|manage|admin|metrics>
                           java -jar target/affinity-runner.jar keys list
                           java -jar target/affinity-runner.jar keys revoke <id>""";
        }

        @Override
        int run(String action, Map<String, String> options, String argument) {
            switch (action) {
                case "create" -> {
                    ApiKeys.NewKey key = keys.create(options.get("name"), options.get("role"), "command line");
                    out.println(
                            "API key " + key.id() + " '" + key.name() + "' (role " + key.role() + "), shown only now:");
                    out.println(key.key());
                }
                case "list" ->
                    keys.list()
                            .forEach(k -> out.printf(
                                    "%4d  %-24s %-8s %s...  created %s by %s  last used %s%s%n",
                                    k.id(),
                                    k.name(),
                                    k.role(),
                                    k.prefix(),
                                    k.createdAt(),
                                    k.createdBy(),
                                    k.lastUsedAt() == null ? "never" : k.lastUsedAt(),
                                    k.revokedAt() == null ? "" : "  REVOKED " + k.revokedAt()));
                case "revoke" -> {
                    if (argument == null) throw AccessException.badRequest("which key? keys revoke <id>");
                    out.println("revoked key "
                            + keys.revoke(Long.parseLong(argument)).id());
                }
                default -> {
                    err.println(usage());
                    return 2;
                }
            }
            return 0;
        }
    }

    @Named("users")
    @Dependent
    static class UsersCommand extends AccessCommand {
        UsersCommand(ApiKeys keys, Users users, Sessions sessions) {
            super(keys, users, sessions);
        }

        @Override
        public String summary() {
            return "create and list dashboard users, set a new password";
        }

        @Override
        String usage() {
            return """
                    usage: java -jar target/affinity-runner.jar users create --name <name> --role <viewer|marketer|admin>
                           java -jar target/affinity-runner.jar users list
                           java -jar target/affinity-runner.jar users password <name>   (a new password, printed once)""";
        }

        @Override
        int run(String action, Map<String, String> options, String argument) {
            switch (action) {
                case "create" -> {
                    String password = newPassword();
                    Users.UserView user = users.create(options.get("name"), password, options.get("role"));
                    out.println("user '" + user.name() + "' (role " + user.role() + "); password, shown only now:");
                    out.println(password);
                }
                case "list" ->
                    users.list()
                            .forEach(u -> out.printf(
                                    "%4d  %-24s %-8s created %s  last sign-in %s%n",
                                    u.id(),
                                    u.name(),
                                    u.role(),
                                    u.createdAt(),
                                    u.lastLoginAt() == null ? "never" : u.lastLoginAt()));
                case "password" -> {
                    if (argument == null) throw AccessException.badRequest("whose? users password <name>");
                    Users.UserView user = users.list().stream()
                            .filter(u -> u.name().equalsIgnoreCase(argument))
                            .findFirst()
                            .orElseThrow(() -> AccessException.notFound("no user named '" + argument + "'"));
                    String password = newPassword();
                    users.setPassword(user.id(), password);
                    sessions.endAllOf(user.id());
                    out.println("new password for '" + user.name() + "' (their sessions ended), shown only now:");
                    out.println(password);
                }
                default -> {
                    err.println(usage());
                    return 2;
                }
            }
            return 0;
        }

        private static String newPassword() {
            return Secrets.newSecret("", 15);
        }
    }
}
