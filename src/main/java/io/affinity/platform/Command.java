package io.affinity.platform;

/**
 * A command of the jar ({@code java -jar affinity-runner.jar <name> ...}): a bean named after its first argument,
 * run without the HTTP server. Capabilities add theirs; this package only dispatches ({@link CommandLine}).
 */
public interface Command {

    /** What the command does, in one line, for the list of commands. */
    String summary();

    /** @param args all arguments, the command's name first; @return the process exit code */
    int run(String... args) throws Exception;
}
