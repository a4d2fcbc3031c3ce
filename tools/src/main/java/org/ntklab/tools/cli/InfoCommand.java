package org.ntklab.tools.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.ntklab.tools.output.Environment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ntk info}: what this installation runs on. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the JDK, Vector API species, BLAS/LAPACK backend, thread budget and heap.")
public final class InfoCommand implements Callable<Integer> {

    @Mixin
    JsonOutput jsonOutput;

    @Override
    public Integer call() {
        Map<String, Object> f = Environment.facts();
        if (jsonOutput.json) {
            Json.print(f);
            return 0;
        }
        int width = f.keySet().stream().mapToInt(String::length).max().orElse(10);
        f.forEach((k, v) -> {
            Object shown = "max_heap_bytes".equals(k) ? v + " (" + ((long) v >> 20) + " MiB)" : v;
            System.out.printf("%-" + width + "s  %s%n", k, shown);
        });
        return 0;
    }
}
