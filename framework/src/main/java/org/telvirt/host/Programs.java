package org.telvirt.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.telvirt.HostException;

/**
 * Command lines for the workload programs of {@code telvirt.jar}, run by the JVM running the
 * tests: {@code -Dtelvirt.workloads.jar} names the jar, otherwise the test's own class path is used
 * (the reactor puts the workloads module on it).
 */
public final class Programs {
    public static final String JAR_PROPERTY = "telvirt.workloads.jar";
    private static final String MAIN_CLASS = "org.telvirt.workloads.Telvirt";

    private Programs() {
    }

    public static List<String> command(String subcommand, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        // one GC thread per program: on a few cores, parallel GC threads would compete with the media path
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(classPath());
        command.add(MAIN_CLASS);
        command.add(subcommand);
        command.addAll(arguments);
        return command;
    }

    /**
     * The command with the JVM told to compile with C1 only, for a program whose hot threads run at real-time
     * priority: until C2 takes over, the profiling tier would run such a thread's loop slowly for seconds, at a
     * priority nothing else preempts. C1 compiles the loop within its first second, in short bursts.
     */
    public static List<String> compiledForRealTime(List<String> command) {
        List<String> quick = new ArrayList<>(command);
        quick.add(1, "-XX:TieredStopAtLevel=1");
        return quick;
    }

    /** What keeps the programs from starting at all (a named jar that is not there); empty when they can. */
    public static List<String> problems() {
        String jar = System.getProperty(JAR_PROPERTY);
        return jar == null || Files.isRegularFile(Path.of(jar)) ? List.of()
                : List.of("-D" + JAR_PROPERTY + "=" + jar + ": no such file");
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String classPath() {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar != null) {
            if (!Files.isRegularFile(Path.of(jar))) {
                throw new HostException("-D" + JAR_PROPERTY + "=" + jar + ": no such file");
            }
            return jar;
        }
        return System.getProperty("java.class.path");
    }
}
