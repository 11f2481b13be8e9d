package io.streamrec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code streamrec} command line, run by {@code bin/streamrec}.
 *
 * <p>Exit codes: 0 on success, 1 when a command failed at run time, 2 for invalid arguments or
 * options.
 */
@Command(
        name = "streamrec",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Streaming recommender for online stores on Apache Flink and Apache Kafka.",
        subcommands = {
            DemoCommand.class,
            EvaluateCommand.class,
            ReplayCommand.class,
            RunCommand.class,
            TailCommand.class,
            CommandLine.HelpCommand.class
        })
public final class StreamrecCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code, for tests. */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new StreamrecCli());
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        commandLine.setParameterExceptionHandler(new ParameterErrorHandler());
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Prints a failed command's error as one line instead of a stack trace. */
    private static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(
                Exception error, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            if (error instanceof IllegalArgumentException) {
                commandLine.getErr().println("streamrec: " + error.getMessage());
                return 2;
            }
            commandLine.getErr().println("streamrec: " + commandLine.getCommandName() + " failed: " + messages(error));
            commandLine.getErr().println("The log file (streamrec.log.file, default target/streamrec.log) has the stack trace.");
            // This logger is outside io.streamrec, so the stack trace goes to the log file, not the console.
            org.slf4j.LoggerFactory.getLogger("streamrec.cli").error("Command {} failed", commandLine.getCommandName(), error);
            return 1;
        }
    }

    /** Joins the messages of an error and its causes, skipping repeats, for a one-line report. */
    static String messages(Throwable error) {
        StringBuilder text = new StringBuilder();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Throwable t = error; t != null && seen.size() < 5; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (seen.add(message)) {
                text.append(text.length() == 0 ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }

    /** Prints an argument error with the command's usage. */
    private static final class ParameterErrorHandler implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException error, String[] args) {
            CommandLine commandLine = error.getCommandLine();
            commandLine.getErr().println("streamrec: " + error.getMessage());
            commandLine.getErr().println("Run '" + commandLine.getCommandSpec().qualifiedName()
                    + " --help' for the options.");
            return 2;
        }
    }
}
