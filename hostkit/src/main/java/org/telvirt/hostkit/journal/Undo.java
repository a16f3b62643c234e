package org.telvirt.hostkit.journal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One journal entry: how to undo a change made to the host, written before the change is made. Each kind
 * undoes itself, reads the result back and says whether it matches what was recorded.
 *
 * <p>A new kind (for example a remote one) is one more record here plus one line in {@link JsonSubTypes};
 * commands on another machine need no new kind: {@link CommandUndo#target()} names a {@link CommandTarget}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = FileWrite.class, name = FileWrite.KIND),
        @JsonSubTypes.Type(value = DirectoryCreated.class, name = DirectoryCreated.KIND),
        @JsonSubTypes.Type(value = ProcessStarted.class, name = ProcessStarted.KIND),
        @JsonSubTypes.Type(value = CommandUndo.class, name = CommandUndo.KIND)
})
public sealed interface Undo permits FileWrite, DirectoryCreated, ProcessStarted, CommandUndo {

    /** Undoes the change and verifies it by reading back; never throws: a failure is a step that is not verified. */
    RestoreStep undo();
}
