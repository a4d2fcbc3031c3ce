package org.ntklab.tools.sweep;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The task types a sweep spec may name: the built-in ones (add new ones here) and any registered. */
public final class TaskTypes {

    private static final List<TaskType<?>> ALL = new CopyOnWriteArrayList<>(List.of(new LambdaMinTask(), new MemorisationTask()));

    private TaskTypes() {
    }

    /** All task types. */
    public static List<TaskType<?>> all() {
        return List.copyOf(ALL);
    }

    /** Adds a task type (e.g. from a library user or a test); its name must be new. */
    public static synchronized void register(TaskType<?> type) {
        if (ALL.stream().anyMatch(t -> t.name().equals(type.name()))) {
            throw new IllegalArgumentException("a task type named '" + type.name() + "' exists already");
        }
        ALL.add(type);
    }

    /** The task type called {@code name}, or an IllegalArgumentException listing the known ones. */
    public static TaskType<?> byName(String name) {
        for (TaskType<?> t : ALL) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("key 'task': unknown task type '" + name + "' (known: "
                + String.join(", ", ALL.stream().map(TaskType::name).toList()) + ")");
    }
}
