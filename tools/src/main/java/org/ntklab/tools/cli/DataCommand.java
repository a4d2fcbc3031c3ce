package org.ntklab.tools.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.ntklab.tools.UserError;
import org.ntklab.tools.data.Datasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ntk data list|fetch NAME}: the real data sets and how to install them. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"`ntk data list` shows the data sets and whether they are installed; `ntk data fetch NAME` installs one."})
public final class DataCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "list|fetch", description = "What to do.")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "fashion-mnist or mnist.")
    String name;

    @Override
    public Integer call() throws Exception {
        switch (action.toLowerCase(Locale.ROOT)) {
            case "list" -> {
                for (Datasets d : Datasets.values()) {
                    System.out.printf(Locale.ROOT, "%-14s %-10s %s%n", d.id(), d.installed() ? "installed" : "missing",
                            d.installed() ? d.location() : d.installCommand() != null ? "install: " + d.installCommand()
                                    : "supply the binary files: ntk experiment NAME --data " + d.id() + "=DIR");
                }
                return 0;
            }
            case "fetch" -> {
                if (name == null) {
                    throw new UserError("which data set? fashion-mnist or mnist");
                }
                Datasets d = Datasets.parse(name);
                int status = d.fetch();
                if (status != 0 || !d.installed()) {
                    throw new UserError("installing " + d.id() + " failed (status " + status + "); run it yourself: " + d.installCommand());
                }
                System.out.println(d.id() + " installed in " + d.location());
                return 0;
            }
            default -> throw new UserError("data: expected list or fetch, got '" + action + "'");
        }
    }
}
