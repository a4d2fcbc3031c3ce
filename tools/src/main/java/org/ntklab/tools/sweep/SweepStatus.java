package org.ntklab.tools.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a sweep stands: which tasks have a successful record, which failed (with their errors),
 * which have none yet (not started, in flight, or lost to a kill) and which records are unreadable.
 *
 * @param tasks   all tasks of the spec, in expansion order
 * @param ok      successful records, in expansion order
 * @param failed  failed records, in expansion order
 * @param missing tasks without a record
 * @param corrupt tasks whose record cannot be read, with the problem
 */
public record SweepStatus(List<SweepTask> tasks, List<TaskRecord> ok, List<TaskRecord> failed, List<SweepTask> missing,
                          Map<SweepTask, String> corrupt) {

    /** Reads the state of every task of the folder's spec. */
    public static SweepStatus of(SweepStore store, SweepSpec spec) {
        List<TaskRecord> ok = new ArrayList<>();
        List<TaskRecord> failed = new ArrayList<>();
        List<SweepTask> missing = new ArrayList<>();
        Map<SweepTask, String> corrupt = new java.util.LinkedHashMap<>();
        for (SweepTask t : spec.tasks()) {
            switch (store.read(t)) {
                case SweepStore.Missing m -> missing.add(t);
                case SweepStore.Corrupt c -> corrupt.put(t, c.problem());
                case SweepStore.Stored s -> (s.record().ok() ? ok : failed).add(s.record());
            }
        }
        return new SweepStatus(spec.tasks(), ok, failed, missing, corrupt);
    }

    /** True when every task has a successful record. */
    public boolean complete() {
        return ok.size() == tasks.size();
    }

    /**
     * The exit status this state calls for: 0 when every task has succeeded; {@link SweepRunner#SOME_FAILED}
     * when any failed or has an unreadable record (someone must look, whatever else is missing);
     * otherwise {@link SweepRunner#INCOMPLETE} while some tasks have no record yet.
     */
    public int exitStatus() {
        if (complete()) {
            return 0;
        }
        return !failed.isEmpty() || !corrupt.isEmpty() ? SweepRunner.SOME_FAILED : SweepRunner.INCOMPLETE;
    }

    /** A few lines for people: counts, then the failed, corrupt and (the first few) missing tasks. */
    public String report(int listAtMost) {
        StringBuilder s = new StringBuilder();
        s.append(tasks.size()).append(" tasks: ").append(ok.size()).append(" done, ").append(failed.size()).append(" failed, ")
                .append(missing.size()).append(" missing");
        if (!corrupt.isEmpty()) {
            s.append(", ").append(corrupt.size()).append(" unreadable");
        }
        s.append('\n');
        int n = 0;
        for (TaskRecord r : failed) {
            if (n++ == listAtMost) {
                s.append("  … and ").append(failed.size() - listAtMost).append(" more failed\n");
                break;
            }
            s.append("  failed  task ").append(r.index()).append(' ').append(r.id()).append(' ').append(r.params()).append(": ")
                    .append(r.error()).append('\n');
        }
        corrupt.forEach((t, problem) -> s.append("  unreadable ").append(t.describe()).append(": ").append(problem).append('\n'));
        n = 0;
        for (SweepTask t : missing) {
            if (n++ == listAtMost) {
                s.append("  … and ").append(missing.size() - listAtMost).append(" more missing\n");
                break;
            }
            s.append("  missing ").append(t.describe()).append('\n');
        }
        return s.toString();
    }
}
