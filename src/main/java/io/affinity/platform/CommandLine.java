package io.affinity.platform;

import io.quarkus.arc.All;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;
import java.util.List;

/** Runs the command (a {@code @Named} {@link Command} bean) named by the first argument, or lists the commands when there is no such one. */
public class CommandLine implements QuarkusApplication {

    @Inject
    @All
    List<InstanceHandle<Command>> commands;

    @Override
    public int run(String... args) throws Exception {
        for (InstanceHandle<Command> handle : commands) {
            if (handle.getBean().getName() != null && handle.getBean().getName().equals(args[0])) {
                return handle.get().run(args);
            }
        }
        System.err.println("unknown command '" + args[0] + "'; the commands are:");
        for (InstanceHandle<Command> handle : commands) {
            System.err.printf(
                    "  %-8s %s%n", handle.getBean().getName(), handle.get().summary());
        }
        System.err.println("(without arguments, java -jar starts the server)");
        return 2;
    }
}
