package org.ntklab.tools.sweep;

import java.util.List;

/**
 * A deterministic share of a sweep: shard i of k holds the tasks whose expansion index is i mod k.
 * Round-robin rather than contiguous blocks, so that every shard gets a similar mix of small and
 * large tasks. Indices are 0-based, like {@code SLURM_ARRAY_TASK_ID} of an array {@code 0-(k-1)}.
 *
 * @param index the shard, 0 ≤ index &lt; count
 * @param count the number of shards
 */
public record Shard(int index, int count) {

    /** The whole sweep. */
    public static final Shard ALL = new Shard(0, 1);

    /** Checks the range. */
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("--shard i/k needs k ≥ 1 and 0 ≤ i < k, got " + index + "/" + count);
        }
    }

    /** Parses "i/k". */
    public static Shard parse(String s) {
        String[] p = s.trim().split("/", -1);
        if (p.length != 2) {
            throw new IllegalArgumentException("--shard must be i/k (e.g. 0/4), got '" + s + "'");
        }
        try {
            return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard must be i/k with integers (e.g. 0/4), got '" + s + "'");
        }
    }

    /** This shard's tasks, in expansion order. */
    public List<SweepTask> select(List<SweepTask> tasks) {
        return tasks.stream().filter(t -> t.index() % count == index).toList();
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
