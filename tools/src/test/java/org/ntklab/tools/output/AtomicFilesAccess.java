package org.ntklab.tools.output;

import java.nio.file.Path;

/** The temporary-file naming of {@link AtomicFiles}, for tests outside its package that plant a killed writer's file. */
public final class AtomicFilesAccess {

    private AtomicFilesAccess() {
    }

    /** {@code .TARGET.HOST.}: what precedes the process id in this host's temporary files for {@code target}. */
    public static String prefix(Path target) {
        return AtomicFiles.prefix(target);
    }
}
