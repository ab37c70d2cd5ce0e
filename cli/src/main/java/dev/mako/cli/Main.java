package dev.mako.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Entry point of {@code ./mako}: dispatches to one command class per sub-command. */
public final class Main {
    /** A sub-command: gets the arguments after its name, returns the process exit status. */
    public interface Command {
        int run(String[] args) throws Exception;

        String summary();
    }

    /** Commands whose speed depends on the GEMM dispatch: the machine is calibrated before they run. */
    private static final java.util.Set<String> COMPUTING = java.util.Set.of("train", "bench", "example");

    static Map<String, Command> commands() {
        Map<String, Command> c = new LinkedHashMap<>();
        c.put("info", new InfoCommand());
        c.put("train", new TrainCommand());
        c.put("gradcheck", new GradcheckCommand());
        c.put("bench", new BenchCommand());
        c.put("example", new ExampleCommand());
        c.put("calibrate", new CalibrateCommand());
        return c;
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (UsageException e) {
            System.err.println("mako: " + e.getMessage());
            status = 2;
        } catch (Exception e) {
            System.err.println("mako: " + e);
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    static int run(String[] args) throws Exception {
        Map<String, Command> commands = commands();
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println("usage: ./mako <command> [options]\n");
            commands.forEach((name, cmd) -> System.out.printf("  %-10s %s%n", name, cmd.summary()));
            System.out.printf("  %-10s %s%n", "test", "run the whole test suite (handled by the launcher)");
            return 0;
        }
        Command cmd = commands.get(args[0]);
        if (cmd == null) throw new UsageException("unknown command '" + args[0] + "'; try ./mako help");
        if (COMPUTING.contains(args[0]) && args.length > 1) CalibrateCommand.ifNeeded();
        return cmd.run(Arrays.copyOfRange(args, 1, args.length));
    }
}
